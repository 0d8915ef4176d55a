import { formatBytes, h, replaceChildren } from './dom.js';

const ACCEPTED = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/**
 * The design image picker: checks type and size before anything is uploaded, shows a preview, and hands
 * the image over as a data URL with its file name when the message is sent.
 */
export function imageAttach(maxBytes) {
  let chosen = null;
  let previewUrl = null;
  const input = h('input', { type: 'file', accept: ACCEPTED.join(','), class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  const button = h('button', { type: 'button', class: 'button secondary', 'aria-label': 'Attach a design image', onclick: () => input.click() }, 'Image');
  const preview = h('div', { class: 'attachment', hidden: true, 'aria-live': 'polite' });
  const error = h('p', { class: 'error-text image-error', role: 'alert' });

  const clear = () => {
    chosen = null;
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = null;
    preview.hidden = true;
    replaceChildren(preview);
  };

  const choose = (file) => {
    clear();
    const problem = problemWith(file, maxBytes);
    error.textContent = problem ?? '';
    if (problem) return;
    chosen = file;
    previewUrl = URL.createObjectURL(file);
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'button secondary small',
        onclick: () => {
          clear();
          button.focus();
        },
      },
      'Remove',
    );
    replaceChildren(
      preview,
      h('img', { src: previewUrl, alt: `Preview of ${file.name}`, class: 'attachment-preview' }),
      h('span', { class: 'attachment-name' }, `${file.name} (${formatBytes(file.size)})`),
      remove,
    );
    preview.hidden = false;
  };

  input.addEventListener('change', () => {
    const [file] = input.files ?? [];
    input.value = '';
    if (file) choose(file);
  });

  /** The chosen image for the API ({image_base64, image_filename}), or null; the picker is emptied. */
  const take = async () => {
    if (!chosen) return null;
    const file = chosen;
    const image_base64 = await readAsDataUrl(file);
    clear();
    return { image_base64, image_filename: file.name, previewUrl: URL.createObjectURL(file) };
  };

  return { button, input, preview, error, take, hasImage: () => chosen !== null };
}

function problemWith(file, maxBytes) {
  if (!ACCEPTED.includes(file.type)) return `${file.name} is not an image Gantry accepts: use a PNG, JPEG, WebP or GIF file.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > maxBytes) return `${file.name} is ${formatBytes(file.size)}; design images can be at most ${formatBytes(maxBytes)}.`;
  return null;
}

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(String(reader.result)));
    reader.addEventListener('error', () => reject(reader.error));
    reader.readAsDataURL(file);
  });
}
