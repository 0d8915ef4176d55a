/** The stylesheet every template shares; it reads only the variables of theme-css.ts. */
export const BASE_CSS = `* { box-sizing: border-box; }
body { margin: 0; font-family: var(--font-family); background: var(--background); color: var(--text); line-height: 1.5; }
a { color: var(--primary); }
.topbar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; justify-content: space-between; padding: 12px 20px; background: var(--card); border-bottom: 1px solid var(--border); position: sticky; top: 0; z-index: 1; }
.brand { margin: 0; font-size: 1.25rem; color: var(--primary); }
.tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.main { max-width: 960px; margin: 0 auto; padding: 20px; }
.footer { text-align: center; color: var(--text-secondary); font-size: 0.85rem; padding: 24px 20px; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: var(--radius); padding: 16px; margin-bottom: 12px; }
.row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.grow { flex: 1 1 180px; }
.muted { color: var(--text-secondary); font-size: 0.9rem; }
.error { color: var(--danger); min-height: 1.2em; }
.list { list-style: none; margin: 0; padding: 0; }
.list > li { display: flex; gap: 8px; align-items: center; padding: 10px 12px; border-bottom: 1px solid var(--border); }
.list > li:last-child { border-bottom: none; }
.pill { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 0.8rem; border: 1px solid var(--border); color: var(--text-secondary); }
.hidden { display: none !important; }
button, .button { font: inherit; cursor: pointer; border-radius: var(--radius); border: 1px solid var(--border); background: var(--card); color: var(--text); padding: 6px 12px; }
button:hover { background: var(--card-hover); }
button.primary, .button.primary { background: var(--primary); border-color: var(--primary); color: var(--on-primary); }
button.danger { color: var(--danger); }
button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 2px solid var(--primary); outline-offset: 2px; }
input, select, textarea { font: inherit; color: var(--text); background: var(--background); border: 1px solid var(--border); border-radius: var(--radius); padding: 6px 10px; }
textarea { width: 100%; min-height: 120px; resize: vertical; }
label { display: inline-flex; flex-direction: column; gap: 2px; font-size: 0.9rem; }
.design-reference { max-width: 960px; margin: 0 auto; padding: 0 20px; }
.design-reference img { max-width: 100%; border: 1px solid var(--border); border-radius: var(--radius); }
@media (max-width: 600px) { .main { padding: 12px; } .topbar { padding: 10px 12px; } }
`;
