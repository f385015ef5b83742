// Small DOM builders. Text always goes in through textContent: names come from the network.

/** Creates an element; attrs are set with setAttribute, children are nodes or strings (as text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

export function td(text, className) {
  return el('td', { className, text });
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}
