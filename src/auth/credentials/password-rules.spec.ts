import { PASSWORD_RULES, passwordProblem } from './password-rules';

describe('passwordProblem', () => {
  it.each(['correct horse battery staple', 'Tr0ub4dor&3xyz', '🦊🐻🐼🐨🐯🦁🐮🐷🐸🐵🐔🐧'])('accepts %j', (password) => {
    expect(passwordProblem(password, 'alice')).toBeNull();
  });

  it.each([
    ['too short', 'short pass', /too short/],
    ['one character repeated', 'aaaaaaaaaaaaaaaa', /too few characters/],
    ['four characters repeated', 'abcdabcdabcdabcd', /too few characters/],
    ['the user name inside', 'my name is Alice!!', /user name/],
    ['too long', 'x'.repeat(600) + 'y'.repeat(600), /too long/],
  ])('refuses a password that is %s, stating every rule', (_, password, why) => {
    const problem = passwordProblem(password, 'alice');
    expect(problem).toMatch(why);
    expect(problem).toContain(PASSWORD_RULES);
  });

  it('counts characters as a person does: twelve emoji are twelve characters', () => {
    expect(passwordProblem('🦊🐻🐼🐨🐯🦁🐮🐷🐸🐵🐔', 'alice')).toMatch(/too short/);
  });
});
