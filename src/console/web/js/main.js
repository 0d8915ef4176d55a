import { api, ApiError, whenUnauthorized } from './api.js';
import { replaceChildren } from './dom.js';
import { chatView } from './chat-view.js';
import { loginView } from './login-view.js';
import { missionView } from './mission-view.js';
import { projectView } from './project-view.js';
import { projectsView } from './projects-view.js';
import { pullRequestView } from './pr-view.js';
import { shell } from './shell.js';
import { applyTheme } from './theme.js';

const DEFAULT_SETTINGS = { max_image_bytes: 5_000_000 };
const MISSION_ROUTE = /^#\/missions\/([0-9a-fA-F-]{36})(\/pr)?$/;
const PROJECT_ROUTE = /^#\/projects\/([0-9a-fA-F-]{36})$/;

const app = document.getElementById('app');
let settings = DEFAULT_SETTINGS;
let frame = null;
let chat = null;
let current = null;

/** Hash routes: #/chat, #/projects, #/projects/<id>, #/missions/<id>, #/missions/<id>/pr. Focus moves only on navigation. */
function route(event) {
  if (!frame) return;
  current?.dispose?.();
  const hash = window.location.hash;
  const mission = MISSION_ROUTE.exec(hash);
  const project = PROJECT_ROUTE.exec(hash);
  if (mission) current = mission[2] ? pullRequestView(mission[1]) : missionView(mission[1]);
  else if (project) current = projectView(project[1]);
  else if (hash === '#/projects') current = projectsView();
  else current = chat ??= chatView(settings);
  frame.highlight(mission || project || hash === '#/projects' ? 'projects' : 'chat');
  replaceChildren(frame.main, current.element);
  document.title = `${current.title} · Gantry`;
  if (!event) return;
  if (current === chat) chat.focus();
  else frame.main.focus({ preventScroll: true });
}

function showApp(user) {
  frame = shell(user, signOut);
  chat = null;
  current = null;
  replaceChildren(app, frame.header, frame.main);
  route();
}

function showLogin() {
  if (app.querySelector('.login-page')) return;
  frame = null;
  current?.dispose?.();
  current = null;
  const login = loginView((user) => showApp(user));
  replaceChildren(app, login.element);
  document.title = 'Sign in · Gantry';
  login.focus();
}

async function signOut() {
  await api.logout().catch(() => undefined);
  showLogin();
}

/** 200: signed in; 401: sign in first; 404: this server has no sign-in, so the console is open. */
async function start() {
  applyTheme();
  whenUnauthorized(showLogin);
  settings = await api.settings().catch(() => DEFAULT_SETTINGS);
  try {
    showApp((await api.authStatus()).user ?? null);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) showLogin();
    else showApp(null);
  }
}

// The skip link must not change the hash: the hash is the route.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main')?.focus();
});
window.addEventListener('hashchange', route);
void start();
