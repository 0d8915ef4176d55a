import { LocalDeployer } from '../../deploy/local/local-deployer';

export const plantedDeployer = LocalDeployer;
