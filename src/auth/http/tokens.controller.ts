import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type AuthenticatedCaller } from '../door/caller';
import { ApiTokenStore } from '../tokens/api-token-store';
import { CreateTokenDto } from './auth.dto';

@ApiTags('auth')
@Controller('gantry/tokens')
export class TokensController {
  constructor(private readonly tokens: ApiTokenStore) {}

  @Get()
  @ApiOperation({ summary: "The caller's API tokens (never their values)" })
  async list(@CurrentCaller() caller: AuthenticatedCaller) {
    const tokens = await this.tokens.listOf(caller.name);
    return { count: tokens.length, tokens, speech: `${tokens.length} tokens.` };
  }

  @Post()
  @ApiOperation({ summary: 'Create an API token for Authorization: Bearer; its value is shown this once' })
  async create(@CurrentCaller() caller: AuthenticatedCaller, @Body() body: CreateTokenDto) {
    const created = await this.tokens.create(caller.name, body.name);
    return { ...created, speech: 'Token created. Copy it now; it is not shown again.' };
  }

  @Delete(':id')
  @ApiOperation({ summary: "Revoke one of the caller's API tokens" })
  async revoke(@CurrentCaller() caller: AuthenticatedCaller, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.tokens.revoke(caller.name, id.toLowerCase());
    return { id: id.toLowerCase(), revoked: true, speech: 'Token revoked.' };
  }
}
