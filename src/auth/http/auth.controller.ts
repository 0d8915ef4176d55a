import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller, type AuthenticatedCaller } from '../door/caller';
import { CallerResolver, sessionIdOf } from '../door/caller-resolver';
import { Public } from '../door/door.decorators';
import { SessionStore } from '../sessions/session-store';
import { SignInLimiter } from '../sign-in/sign-in-limiter';
import { ADMIN_NAME } from '../users/user-name';
import type { StoredUser } from '../users/user-store';
import { UsersService } from '../users/users.service';
import { ChangePasswordDto, LoginDto } from './auth.dto';
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
    private readonly limiter: SignInLimiter,
  ) {}

  private async openSession(user: StoredUser, request: Request, response: Response): Promise<StoredUser> {
    const session = await this.sessions.open(user.id, user.generation);
    setSessionCookie(request, response, session.id, session.expiresAt);
    return user;
  }

  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with {username, password} ({password} alone: the admin); sets an HttpOnly session cookie',
    description: 'Failed sign-ins slow down further attempts (429 with Retry-After); a browser that signed in to the account before is not slowed by others.',
  })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const account = (body.username ?? ADMIN_NAME).trim().toLowerCase();
    const user = await this.limiter.attempt(account, request, response, async () => {
      const verified = await this.users.verifyLogin(account, body.password);
      return verified && this.openSession(verified, request, response);
    });
    if (!user) throw new UnauthorizedException('Wrong user name or password');
    return signedIn(user, `Signed in as ${user.name}.`);
  }

  @Post('password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Change the caller's password: {current, next}",
    description:
      'Every session and API token of the user issued before ends (a session caller gets a new session cookie). 401: the current password is wrong; 422: the new one breaks a rule, stated in the message.',
  })
  async changePassword(
    @CurrentCaller() caller: AuthenticatedCaller,
    @Body() body: ChangePasswordDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const changed = await this.limiter.attempt(
      caller.name,
      request,
      response,
      async () =>
        this.users.changePassword(caller.name, body.current, body.next).catch((error: unknown) => {
          if (error instanceof UnauthorizedException) return null; // counted as a failed attempt, answered below
          throw error;
        }),
      false,
    );
    if (!changed) throw new UnauthorizedException('The current password is wrong');
    if (caller.via === 'session') await this.openSession(changed, request, response);
    const after = caller.via === 'session' ? 'this browser stays signed in with a new session' : 'sign in again or create a new token';
    return { changed: true, speech: `Password changed. Every other session and every API token of yours has ended; ${after}.` };
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
