import { h } from './dom.js';
import { currentTheme, cycleTheme } from './theme.js';

const THEME_LABELS = { auto: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

/** The frame around every signed-in page: brand, navigation, theme switch, the user and sign out. */
export function shell(user, onSignOut) {
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const links = [
    h('a', { href: '#/chat', class: 'nav-link', dataset: { route: 'chat' } }, 'Chat'),
    h('a', { href: '#/projects', class: 'nav-link', dataset: { route: 'projects' } }, 'Projects'),
  ];
  const theme = h('button', { type: 'button', class: 'button secondary small', 'aria-label': 'Switch colour theme' }, THEME_LABELS[currentTheme()]);
  theme.addEventListener('click', () => (theme.textContent = THEME_LABELS[cycleTheme()]));
  const signOut = user ? h('button', { type: 'button', class: 'button secondary small', onclick: onSignOut }, 'Sign out') : null;
  const header = h(
    'header',
    { class: 'top-bar' },
    h('a', { href: '#/chat', class: 'brand' }, 'Gantry'),
    h('nav', { class: 'nav', 'aria-label': 'Main' }, links),
    h('div', { class: 'top-tools' }, user?.name ? h('span', { class: 'user-name' }, user.name) : null, theme, signOut),
  );

  /** Marks the current section in the navigation. */
  const highlight = (route) => {
    for (const link of links) {
      if (link.dataset.route === route) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  };
  return { header, main, highlight };
}
