import { h } from './dom.js';

const SPEAK_KEY = 'gantry.speak';

/** A microphone button that fills the message box, where the browser can recognise speech; else null. */
export function voiceButton(onText) {
  const Recognition = window.SpeechRecognition ?? window.webkitSpeechRecognition;
  if (typeof Recognition !== 'function') return null;
  let recognition = null;
  const button = h('button', { type: 'button', class: 'button secondary', 'aria-pressed': 'false', 'aria-label': 'Speak your message' }, 'Mic');
  const stop = () => {
    recognition?.stop();
    recognition = null;
    button.setAttribute('aria-pressed', 'false');
  };
  button.addEventListener('click', () => {
    if (recognition) return stop();
    recognition = new Recognition();
    recognition.lang = document.documentElement.lang || 'en';
    recognition.interimResults = false;
    recognition.addEventListener('result', (event) => onText(Array.from(event.results, (result) => result[0].transcript).join(' ')));
    recognition.addEventListener('end', stop);
    recognition.addEventListener('error', stop);
    button.setAttribute('aria-pressed', 'true');
    recognition.start();
  });
  return button;
}

/** Spoken replies, where the browser can speak: a remembered switch and `speak(text)`. */
export function speaker() {
  const supported = 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';
  if (!supported) return { toggle: null, speak: () => {} };
  const toggle = h('input', { type: 'checkbox', id: 'speak-replies' });
  toggle.checked = window.localStorage.getItem(SPEAK_KEY) === 'on';
  toggle.addEventListener('change', () => {
    window.localStorage.setItem(SPEAK_KEY, toggle.checked ? 'on' : 'off');
    if (!toggle.checked) window.speechSynthesis.cancel();
  });
  const speak = (text) => {
    if (!toggle.checked || !text) return;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new window.SpeechSynthesisUtterance(text));
  };
  return { toggle: h('label', { class: 'switch', for: 'speak-replies' }, toggle, ' Speak replies'), speak };
}
