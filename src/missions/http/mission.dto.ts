import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** The messages' contents together hold at most `limit` characters. */
function TotalLengthAtMost(limit: number): PropertyDecorator {
  const lengthOf = (item: unknown): number => {
    const content = (item as { content?: unknown } | null)?.content;
    return typeof content === 'string' ? content.length : 0;
  };
  return ValidateBy({
    name: 'totalLengthAtMost',
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || value.reduce((sum: number, item: unknown) => sum + lengthOf(item), 0) <= limit,
      defaultMessage: () => `messages must hold at most ${limit} characters in all`,
    },
  });
}

/** Whether a passing build should go live and arrive as a pull request. */
export class ShippingDto {
  @ApiPropertyOptional({ description: 'Deploy a passing build to a live URL (default: yes for a new build; unchanged on a retry)' })
  @IsOptional()
  @IsBoolean()
  deploy?: boolean;

  @ApiPropertyOptional({ description: 'Open a pull request for a passing build (default: yes for a new build; unchanged on a retry)' })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;
}

export class ConsultDto extends ShippingDto {
  @ApiProperty({ description: 'What the user said or typed', example: 'A todo app with priorities and dark mode' })
  @IsString()
  @Length(1, 4000)
  message!: string;

  @ApiPropertyOptional({ description: "Continue this consultation (one of the caller's own); omitted: the caller's open one, or a new one" })
  @IsOptional()
  @IsUUID()
  mission_id?: string;

  @ApiPropertyOptional({ description: "A change to this project of the caller's: continues the change under way, or opens its next version" })
  @IsOptional()
  @IsUUID()
  project_id?: string;

  @ApiPropertyOptional({ description: 'A design image (PNG, JPEG, WebP or GIF), base64 or a data URL' })
  @IsOptional()
  @IsString()
  @MaxLength(8_000_000)
  image_base64?: string;

  @ApiPropertyOptional({ description: "The image's file name; required with image_base64" })
  @ValidateIf((dto: ConsultDto) => dto.image_base64 !== undefined)
  @IsString()
  @Length(1, 255)
  image_filename?: string;
}

export class ArchitectDto extends ShippingDto {
  @ApiProperty({ description: 'The whole brief for a direct build, no consultation', example: 'A pomodoro timer with a dark theme' })
  @IsString()
  @Length(1, 4000)
  voice_memo!: string;
}

/** A retry may change whether the build is deployed and published; omitted: as before. */
export class RetryDto extends ShippingDto {}

export class ChatMessageDto {
  @ApiProperty({ enum: ['user', 'assistant'] })
  @IsIn(['user', 'assistant'])
  role!: 'user' | 'assistant';

  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  content!: string;
}

/** A chat's history is bounded (the consultant reads the newest turns within its budget anyway). */
export const CHAT_LIMITS = { messages: 40, characters: 32_000 } as const;

export class ChatDto {
  @ApiProperty({ type: [ChatMessageDto], maxItems: CHAT_LIMITS.messages })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHAT_LIMITS.messages)
  @TotalLengthAtMost(CHAT_LIMITS.characters)
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages!: ChatMessageDto[];
}

export class ListQueryDto {
  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: 1_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class SearchQueryDto {
  @ApiPropertyOptional({ description: 'Words to look for in mission prompts' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: 5, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

/** A change to a shipped app, in the user's words. */
export class ChangeDto extends ShippingDto {
  @ApiProperty({ description: 'What to change', example: 'add dark mode and a search box' })
  @IsString()
  @Length(1, 4000)
  message!: string;
}

export class RollbackDto {
  @ApiProperty({ description: 'The version to make live again', example: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version!: number;
}
