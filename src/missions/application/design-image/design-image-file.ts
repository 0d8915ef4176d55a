import type { Mission } from '../../domain/mission.state';
import type { EvidenceStore } from '../../infrastructure/evidence-store';

/** The mission's design image as a project file, `public/design-reference.<ext>`, read back by its recorded hash. */
export async function designImageFile(evidence: EvidenceStore, mission: Mission): Promise<Array<{ path: string; content: Buffer }>> {
  const image = mission.designImage;
  if (!image) return [];
  const fileName = image.evidencePath.slice(image.evidencePath.lastIndexOf('/') + 1);
  const bytes = await evidence.readVerified(mission.id, fileName, image.sha256);
  const extension = fileName.slice(fileName.lastIndexOf('.') + 1);
  return [{ path: `public/design-reference.${extension}`, content: bytes }];
}
