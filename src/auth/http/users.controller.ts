import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type AuthenticatedCaller } from '../door/caller';
import { AdminOnly } from '../door/door.decorators';
import { UsersService } from '../users/users.service';
import { AddUserDto } from './auth.dto';

@ApiTags('auth')
@AdminOnly()
@Controller('gantry/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users (admin only)' })
  async list() {
    const users = await this.users.list();
    return { count: users.length, users, speech: `${users.length} users.` };
  }

  @Post()
  @ApiOperation({ summary: 'Add a user (admin only); without a password one is generated and shown once' })
  async add(@Body() body: AddUserDto) {
    const added = await this.users.add(body.name, body.password);
    const shown = added.generatedPassword === null ? {} : { password: added.generatedPassword };
    const speech = added.generatedPassword === null ? `Added ${added.name}.` : `Added ${added.name}. Copy the password now; it is not shown again.`;
    return { user: { name: added.name, admin: added.admin }, ...shown, speech };
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Remove a user (admin only): their sessions end and their tokens are revoked' })
  async remove(@Param('name') name: string, @CurrentCaller() caller: AuthenticatedCaller) {
    await this.users.remove(name, caller);
    return { removed: name.trim().toLowerCase(), speech: `Removed ${name.trim().toLowerCase()}.` };
  }
}
