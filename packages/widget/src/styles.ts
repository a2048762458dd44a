import type { Appearance } from './types.js';

/** The widget's CSS, scoped by its shadow root; colours from the site's appearance settings. */
export function styles(a: Appearance): string {
  const side = a.position === 'left' ? 'left' : 'right';
  return `
:host{all:initial;--c:${a.color};--t:${a.textColor ?? '#fff'};font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1a1a1a}
*{box-sizing:border-box}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button,textarea{font:inherit}
:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.launcher{position:fixed;${side}:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:var(--c);color:var(--t);font-size:24px;cursor:pointer;box-shadow:0 4px 12px #0004;z-index:2147483000;display:flex;align-items:center;justify-content:center}
.panel{position:fixed;${side}:20px;bottom:88px;width:min(370px,calc(100vw - 40px));height:min(560px,calc(100vh - 120px));display:flex;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 30px #0005;overflow:hidden;z-index:2147483000}
.panel[hidden]{display:none}
header{display:flex;align-items:center;justify-content:space-between;padding:12px 16px;background:var(--c);color:var(--t)}
h2{font-size:16px;margin:0}
.close{background:none;border:0;color:var(--t);font-size:22px;cursor:pointer;width:36px;height:36px}
.log{flex:1;overflow-y:auto;margin:0;padding:12px;list-style:none;background:#f6f6f7}
.msg{max-width:85%;margin:6px 0;padding:8px 12px;border-radius:12px;background:#fff;border:1px solid #d0d0d5;overflow-wrap:anywhere}
.msg.mine{margin-left:auto;background:var(--c);color:var(--t);border-color:var(--c)}
.msg p{margin:0 0 4px}
.md ul,.md ol{margin:0 0 4px;padding-left:20px}.md pre{margin:0 0 4px;white-space:pre-wrap}.md code{font-family:monospace;background:rgba(0,0,0,.07);border-radius:3px;padding:0 2px}.msg.mine .md a{color:#fff}
.greet{color:#3d3d45;text-align:center;padding:8px}
.card img{max-width:100%;border-radius:8px}
.card .title{display:block}
.price{display:block;color:#3d3d45}
.msg.mine .price{color:var(--t)}
.link{display:inline-block;margin-top:4px;color:#0a4fb3}
.replies{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.reply{border:1px solid var(--c);background:#fff;color:#1a1a1a;border-radius:16px;padding:4px 12px;cursor:pointer;min-height:32px}
.reply:disabled{opacity:.6;cursor:default}
.reply[aria-pressed=true]{background:var(--c);color:var(--t);opacity:1}
.file{display:block;font-size:12px;color:inherit}
.shot{display:block;max-width:100%;max-height:240px;border-radius:8px;margin-top:4px}
.attach{border:0;background:none;font-size:18px;cursor:pointer;padding:0 4px}
.limits{margin:0;padding:0 12px 8px;font-size:11px;color:#55555e}
.drag{outline:3px dashed var(--c);outline-offset:-6px}
.at{display:block;font-size:11px;color:#55555e;text-align:right;margin-top:2px}
.msg.mine .at{color:var(--t)}
.by{display:flex;align-items:center;gap:6px;font-size:12px;font-weight:600;margin-bottom:2px}
.av{width:22px;height:22px;border-radius:50%;object-fit:cover}
.st{display:block;font-size:11px;text-align:right}
.pre{padding:6px 12px 0;font-size:12px;color:#3d3d45}
.pre p{margin:0 0 4px}
.pre label{display:flex;flex-direction:column;gap:2px;margin-bottom:4px}
.pre input{font:inherit;border:1px solid #8a8a93;border-radius:6px;padding:4px 6px}
.typing{min-height:20px;padding:0 16px;color:#3d3d45;font-size:12px}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d0d5}
textarea{flex:1;resize:none;border:1px solid #8a8a93;border-radius:8px;padding:8px;max-height:120px}
.send{border:0;border-radius:8px;background:var(--c);color:var(--t);padding:0 14px;cursor:pointer}
.send:disabled{opacity:.6}
.error{color:#a00000;padding:0 16px;font-size:12px}
.csat{display:block;border:0;padding:8px;margin:6px 0;background:#fff;border-radius:12px}
.csat fieldset{border:0;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.scale{display:flex;gap:6px}
.scale label{display:flex;align-items:center;gap:2px;cursor:pointer;min-height:32px}
.csat .send{align-self:flex-end;min-height:32px}
`;
}
