/** What a password chosen by a person must be (NIST SP 800-63B: length over composition rules). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
const MIN_DIFFERENT_CHARACTERS = 5;

/** The rules in one sentence, said whenever a password is refused so the person knows what would pass. */
export const PASSWORD_RULES = `A password needs ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters, at least ${MIN_DIFFERENT_CHARACTERS} of them different, and must not contain the user name`;

/** Why this password is refused for this user, or null when it is acceptable. */
export function passwordProblem(password: string, userName: string): string | null {
  const characters = Array.from(password); // code points: an emoji is one character to the person typing it
  if (characters.length < MIN_PASSWORD_LENGTH) return `That password is too short. ${PASSWORD_RULES}`;
  if (characters.length > MAX_PASSWORD_LENGTH) return `That password is too long. ${PASSWORD_RULES}`;
  if (new Set(characters).size < MIN_DIFFERENT_CHARACTERS) return `That password repeats too few characters. ${PASSWORD_RULES}`;
  if (password.toLowerCase().includes(userName.toLowerCase())) return `That password contains the user name. ${PASSWORD_RULES}`;
  return null;
}
