// Loaded first by every host page (as a file, so that strict policies allow it).
// __xss(id) is the function every hostile payload tries to call: a call is a
// failure. The tests also read __violations (CSP reports) and __added (elements
// added anywhere in the light DOM, by tag name).
window.__xssHits = [];
window.__xss = (id) => window.__xssHits.push(String(id));
window.__violations = window.__violations ?? [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
window.__added = [];
new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && !n.hasAttribute?.("data-test")) window.__added.push(n.localName);
}).observe(document, { childList: true, subtree: true });
