import { api, problemText } from './api.js';
import { h } from './dom.js';
import { imageAttach } from './image-attach.js';
import { missionProgress } from './mission-progress.js';
import { speaker, voiceButton } from './voice.js';

const CONFIRMATION = 'Yes, build it';
const OPEN_KEY = 'gantry.consultation';
const CONSULTING = new Set(['PENDING', 'CONSULTING', 'AWAITING_INPUT']);

/** The chat with the CTO: messages, the proposed plan as a checklist with a "Build it" button, image and voice. */
export function chatView(settings) {
  let missionId = window.sessionStorage.getItem(OPEN_KEY);
  let buildButton = null;
  let busy = false;

  const messages = h('ol', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation with the CTO' });
  const textbox = h('textarea', {
    id: 'chat-message',
    class: 'input message-input',
    rows: '2',
    maxlength: '4000',
    placeholder: 'Describe the app you want…',
    autocomplete: 'off',
  });
  const sendButton = h('button', { type: 'submit', class: 'button' }, 'Send');
  const image = imageAttach(settings.max_image_bytes);
  const voice = speaker();
  const mic = voiceButton((text) => {
    textbox.value = textbox.value ? `${textbox.value} ${text}` : text;
    textbox.focus();
  });
  const form = h(
    'form',
    { class: 'composer', 'aria-label': 'Message the CTO' },
    h('label', { for: 'chat-message', class: 'visually-hidden' }, 'Message to the CTO'),
    image.preview,
    image.error,
    h('div', { class: 'composer-row' }, textbox, h('div', { class: 'composer-buttons' }, image.button, mic, sendButton)),
    image.input,
  );

  const remember = (id) => {
    missionId = id;
    if (id) window.sessionStorage.setItem(OPEN_KEY, id);
    else window.sessionStorage.removeItem(OPEN_KEY);
  };

  const say = (role, text, ...extra) => {
    const item = h(
      'li',
      { class: `message message-${role}` },
      h('span', { class: 'visually-hidden' }, role === 'user' ? 'You: ' : 'CTO: '),
      h('p', { class: 'message-text' }, text),
      ...extra,
    );
    messages.append(item);
    item.scrollIntoView({ block: 'nearest' });
    return item;
  };

  const showReply = (reply) => {
    if (buildButton) buildButton.disabled = true;
    const question = reply.pending_question && !reply.speech.includes(reply.pending_question) ? h('p', { class: 'question' }, reply.pending_question) : null;
    const card = reply.features?.length > 0 ? planCard(reply, () => send(CONFIRMATION)) : null;
    buildButton = card?.querySelector('[data-action="build"]') ?? null;
    say('assistant', reply.speech, question, card);
  };

  const showBuild = (reply) => {
    if (buildButton) buildButton.disabled = true;
    buildButton = null;
    const progress = missionProgress(reply.mission_id, { compact: true });
    say('assistant', reply.speech, progress.element);
  };

  const send = async (text) => {
    const message = text.trim();
    if (!message || busy) return;
    setBusy(true);
    try {
      // A message typed while the earlier consultation is still being restored waits for it: sent before,
      // it would go to a consultation the restore is about to drop (another user's, or one that ended).
      await ready;
      const picked = await image.take();
      say('user', message, picked ? h('img', { src: picked.previewUrl, alt: `Design image ${picked.image_filename}`, class: 'message-image' }) : null);
      textbox.value = '';
      const body = {
        message,
        ...(missionId ? { mission_id: missionId } : {}),
        ...(picked ? { image_base64: picked.image_base64, image_filename: picked.image_filename } : {}),
      };
      const { status, data } = await api.consult(body);
      voice.speak(data.speech);
      if (status === 202 || data.cleared !== undefined) {
        remember(null);
        if (status === 202) showBuild(data);
        else say('assistant', data.speech);
      } else {
        remember(data.mission_id);
        showReply(data);
      }
    } catch (error) {
      say('error', problemText(error)).setAttribute('role', 'alert');
    } finally {
      setBusy(false);
      textbox.focus();
    }
  };

  const setBusy = (value) => {
    busy = value;
    sendButton.disabled = value;
    form.setAttribute('aria-busy', String(value));
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(textbox.value);
  });
  textbox.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void send(textbox.value);
  });

  say('assistant', 'Hi, I am your CTO. Describe the app you want to build, and I will propose a plan.');
  const ready = (missionId ? restore(missionId) : Promise.resolve()).finally(() => (form.dataset.ready = 'true'));

  async function restore(id) {
    try {
      const consultation = await api.consultation(id);
      if (!CONSULTING.has(consultation.status)) return remember(null);
      for (const turn of consultation.conversation_history) say(turn.role === 'user' ? 'user' : 'assistant', turn.content);
      if (consultation.features.length > 0) showReply({ ...consultation, speech: 'Here is where we left off.' });
    } catch {
      remember(null);
    }
  }

  const element = h(
    'div',
    { class: 'page chat-page' },
    h('div', { class: 'chat-head' }, h('h1', { class: 'page-title' }, 'Chat with the CTO'), voice.toggle),
    messages,
    form,
  );
  return { element, title: 'Chat', focus: () => textbox.focus() };
}

function planCard(reply, onBuild) {
  const facts = [
    ['Stack', reply.proposed_stack],
    ['Design', reply.design_target],
  ].filter(([, value]) => value);
  const button = h('button', { type: 'button', class: 'button', 'data-action': 'build', onclick: () => onBuild() }, 'Build it');
  return h(
    'section',
    { class: 'plan', 'aria-label': 'Proposed plan' },
    h('h2', { class: 'plan-title' }, 'Proposed plan'),
    h(
      'ul',
      { class: 'checklist', 'aria-label': 'Features' },
      reply.features.map((feature) => h('li', {}, feature)),
    ),
    h(
      'dl',
      { class: 'facts' },
      facts.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
    ),
    h('div', { class: 'actions' }, button, h('span', { class: 'muted' }, 'or tell me what to change.')),
  );
}
