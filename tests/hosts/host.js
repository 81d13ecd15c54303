// The host page's own script: a button that must keep working whatever the widget does.
const button = document.getElementById("host-button");
const count = document.getElementById("host-count");
button?.addEventListener("click", () => {
  count.textContent = String(Number(count.textContent) + 1);
});
document.documentElement.dataset.hostReady = "1";
