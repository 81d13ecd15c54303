// The host page's own script: shows the element's API (clear() and update()).
const widget = document.getElementById("story-annotator");
const toggle = document.getElementById("toggle");

toggle.addEventListener("click", async () => {
  await customElements.whenDefined("article-annotator");
  const on = toggle.getAttribute("aria-pressed") === "true";
  if (on) widget.clear();
  else await widget.update();
  toggle.setAttribute("aria-pressed", String(!on));
  toggle.textContent = on ? "Show highlights" : "Hide highlights";
});
