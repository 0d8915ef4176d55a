import { api, problemText } from './api.js';
import { h, replaceChildren } from './dom.js';

const CHANGE_LABELS = { added: 'added', modified: 'changed', removed: 'removed', unchanged: '' };

/** A version's files as a tree (folders, then files, with what changed) and its unified diff, always as text. */
export function diffView() {
  const title = h('h2', { class: 'card-title' }, 'Files');
  const tree = h('ul', { class: 'file-tree', 'aria-label': 'Files of the version' });
  const summary = h('p', { class: 'muted', role: 'status' });
  const diff = h('pre', { class: 'diff-view', 'aria-label': 'Changes', tabindex: '0' });
  let sections = new Map();

  const showFile = (path) => {
    const section = sections.get(path);
    if (section) section.scrollIntoView({ block: 'start' });
  };

  const load = async (missionId, version) => {
    title.textContent = `Files of version ${version}`;
    summary.textContent = 'Loading the changes…';
    try {
      const answer = await api.diff(missionId);
      summary.textContent = answer.speech;
      sections = renderDiff(diff, answer.diff);
      replaceChildren(tree, treeItems(answer.files, showFile));
    } catch (error) {
      summary.textContent = problemText(error);
      replaceChildren(tree);
      replaceChildren(diff);
    }
  };

  const element = h(
    'section',
    { class: 'card project-files', 'aria-labelledby': 'files-title' },
    title,
    summary,
    h('div', { class: 'files-layout' }, tree, diff),
  );
  title.id = 'files-title';
  return { element, load };
}

/** Each line in its own span, classed by its first character: text nodes only, so a diff can never become markup. */
function renderDiff(pre, text) {
  const sections = new Map();
  const lines = text === '' ? ['(no file changed)'] : text.replace(/\n$/, '').split('\n');
  replaceChildren(
    pre,
    lines.map((line) => {
      const span = h('span', { class: `diff-line ${lineKind(line)}` }, `${line}\n`);
      const file = /^diff --git a\/(.+) b\//.exec(line);
      if (file) sections.set(file[1], span);
      return span;
    }),
  );
  return sections;
}

function lineKind(line) {
  if (line.startsWith('diff --git') || line.startsWith('--- ') || line.startsWith('+++ ')) return 'diff-file';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  return 'diff-context';
}

/** Folders first, then files, each level sorted; a changed file's name jumps to its part of the diff. */
function treeItems(files, onPick) {
  const root = { folders: new Map(), files: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      if (!folder.folders.has(part)) folder.folders.set(part, { folders: new Map(), files: [] });
      folder = folder.folders.get(part);
    }
    folder.files.push({ ...file, name: parts[parts.length - 1] });
  }
  return level(root, onPick);
}

function level(folder, onPick) {
  const folders = [...folder.folders.entries()].sort(([a], [b]) => a.localeCompare(b));
  const files = [...folder.files].sort((a, b) => a.name.localeCompare(b.name));
  return [
    ...folders.map(([name, child]) => h('li', { class: 'tree-folder' }, h('span', { class: 'tree-name' }, `${name}/`), h('ul', {}, level(child, onPick)))),
    ...files.map((file) =>
      h(
        'li',
        { class: `tree-file change-${file.change}`, dataset: { path: file.path, change: file.change } },
        file.change === 'unchanged'
          ? h('span', { class: 'tree-name' }, file.name)
          : h('button', { type: 'button', class: 'link-button tree-name', onclick: () => onPick(file.path) }, file.name),
        CHANGE_LABELS[file.change] ? h('span', { class: `badge change-badge change-${file.change}` }, CHANGE_LABELS[file.change]) : null,
      ),
    ),
  ];
}
