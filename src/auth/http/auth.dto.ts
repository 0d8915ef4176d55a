import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiPropertyOptional({ description: 'Omitted: the admin (clients of the Python Gantry send only a password)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  username?: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1024)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now' })
  @IsString()
  @Length(1, 1024)
  current!: string;

  @ApiProperty({ description: 'At least 12 characters (at most 1024), 5 of them different, not containing the user name' })
  @IsString()
  @Length(1, 4096)
  next!: string;
}

export class AddUserDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiPropertyOptional({ description: 'At least 12 characters; omitted: Gantry generates one and shows it once' })
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  password?: string;
}

export class CreateTokenDto {
  @ApiProperty({ description: 'What the token is for', example: 'iPhone shortcut' })
  @IsString()
  @Length(1, 100)
  name!: string;
}
