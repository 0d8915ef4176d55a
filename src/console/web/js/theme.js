/** Light, dark, or the system's choice; remembered per browser. */

const THEME_KEY = 'gantry.theme';
const CHOICES = ['auto', 'light', 'dark'];

export function currentTheme() {
  const stored = window.localStorage.getItem(THEME_KEY);
  return CHOICES.includes(stored) ? stored : 'auto';
}

export function applyTheme(choice = currentTheme()) {
  if (choice === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

/** Moves to the next choice and returns it. */
export function cycleTheme() {
  const next = CHOICES[(CHOICES.indexOf(currentTheme()) + 1) % CHOICES.length];
  window.localStorage.setItem(THEME_KEY, next);
  applyTheme(next);
  return next;
}
