import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedCaller } from '../door/caller';
import { CallerResolver, sessionIdOf } from '../door/caller-resolver';
import { LoginAttempt, Public } from '../door/door.decorators';
import { SessionStore } from '../sessions/session-store';
import { UsersService } from '../users/users.service';
import { LoginDto } from './auth.dto';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

function signedIn(caller: Pick<AuthenticatedCaller, 'name' | 'admin'>, speech: string) {
  return { authenticated: true, user: { name: caller.name, admin: caller.admin }, speech };
}

@ApiTags('auth')
@Controller('gantry/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionStore,
    private readonly callers: CallerResolver,
  ) {}

  @Post()
  @Public()
  @LoginAttempt()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with {username, password} ({password} alone: the admin); sets an HttpOnly session cookie' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const user = await this.users.verifyLogin(body.username, body.password);
    if (!user) throw new UnauthorizedException('Wrong user name or password');
    const session = await this.sessions.open(user.id);
    setSessionCookie(request, response, session.id, session.expiresAt);
    return signedIn(user, `Signed in as ${user.name}.`);
  }

  @Get('status')
  @Public()
  @ApiOperation({ summary: 'Who is signed in: 200 with the user, or 401' })
  async status(@Req() request: Request) {
    const caller = await this.callers.resolve(request);
    if (!caller) throw new UnauthorizedException('Not signed in');
    return signedIn(caller, `Signed in as ${caller.name}.`);
  }

  @Post('logout')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'End the browser session and clear its cookie' })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const session = sessionIdOf(request);
    if (session) await this.sessions.close(session);
    clearSessionCookie(request, response);
    return { authenticated: false, speech: 'Signed out.' };
  }
}
