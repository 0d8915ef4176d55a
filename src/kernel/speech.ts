/** Every JSON answer carries one sentence a voice client can read aloud. */
export interface Spoken {
  speech: string;
}

export function sentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (!trimmed) return 'Something went wrong.';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
