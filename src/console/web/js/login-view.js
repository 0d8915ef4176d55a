import { api, ApiError, problemText } from './api.js';
import { h } from './dom.js';

/** The sign-in form; calls onSignedIn(user) once the server has set the session cookie. */
export function loginView(onSignedIn) {
  const username = h('input', { id: 'login-username', class: 'input', name: 'username', autocomplete: 'username' });
  const password = h('input', { id: 'login-password', class: 'input', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error-text', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card login-card', 'aria-labelledby': 'login-title' },
    h('h1', { class: 'page-title', id: 'login-title' }, 'Sign in to Gantry'),
    h('label', { for: 'login-username' }, 'User name (optional)'),
    username,
    h('label', { for: 'login-password' }, 'Password'),
    password,
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      const answer = await api.login(username.value.trim(), password.value);
      onSignedIn(answer.user ?? null);
    } catch (problem) {
      error.textContent = problem instanceof ApiError && problem.status === 401 ? 'Wrong user name or password. Try again.' : problemText(problem);
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  const element = h('main', { id: 'main', class: 'login-page', tabindex: '-1' }, form);
  return { element, focus: () => password.focus() };
}
