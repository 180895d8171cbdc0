// The live-stream page (GET /ticker): reads GET /stream with fetch and shows each line when it
// arrives, with its arrival time, so chunk-by-chunk delivery is visible. Kept out of the page
// because the Content-Security-Policy forbids inline scripts.
"use strict";
const lines = (n) => n + (n === 1 ? " line" : " lines");
(async () => {
  const list = document.getElementById("lines");
  const status = document.getElementById("status");
  const started = performance.now();
  try {
    const response = await fetch(list.dataset.src, { cache: "no-store" });
    if (!response.ok) {
      status.textContent = "the stream failed: " + response.status + " " + (await response.text());
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let pending = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += value;
      let end;
      while ((end = pending.indexOf("\n")) >= 0) {
        const item = document.createElement("li");
        item.textContent = pending.slice(0, end) + " — arrived at +" + Math.round(performance.now() - started) + " ms";
        list.appendChild(item);
        pending = pending.slice(end + 1);
        status.textContent = lines(list.children.length) + " so far…";
      }
    }
    status.textContent = "done: " + lines(list.children.length) + " in " + Math.round(performance.now() - started) + " ms";
    status.dataset.done = "true";
  } catch (e) {
    status.textContent = "the stream broke off: " + e;
  }
})();
