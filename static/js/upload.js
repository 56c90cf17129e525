// Bulk resume upload: drag-and-drop or pick many files; each file is posted on its own
// (two at a time) and the server answers with its result row, so progress is live and
// one bad file never blocks the rest. A file whose request fails keeps a "Retry" button,
// so nothing is silently lost. Without this script the form posts all files at once.
(function () {
  "use strict";
  const form = document.getElementById("upload-form");
  if (!form || !window.fetch || !window.FormData) return;
  const input = form.querySelector("input[type=file]");
  const zone = document.getElementById("dropzone");
  const table = document.getElementById("upload-results");
  const rows = document.getElementById("upload-rows");
  const box = document.getElementById("upload-progress");
  const bar = document.getElementById("upload-bar");
  const count = document.getElementById("upload-count");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const hint = document.getElementById("upload-hint");
  const kept = document.getElementById("upload-kept");
  const MAX_REFS = 300; // as resumes.uploads.MAX_REFS
  // Choosing files uploads them at once, so the browser's own "Please select one or more
  // files." must never come up when Upload is clicked afterwards.
  form.noValidate = true;
  const CONCURRENCY = 2;
  const queue = [];
  let total = 0, finished = 0, active = 0;

  function pendingRow(file) {
    const tr = document.createElement("tr");
    tr.className = "upload-row status-queued";
    const name = document.createElement("td");
    name.textContent = file.name;
    const state = document.createElement("td");
    state.textContent = "Queued";
    const details = document.createElement("td");
    tr.append(name, state, details);
    rows.prepend(tr);
    return tr;
  }

  function showProgress() {
    box.hidden = false;
    bar.max = total;
    bar.value = finished;
    count.textContent = finished + " of " + total + " processed" + (active ? " …" : "");
  }

  function enqueue(files) {
    table.hidden = false;
    for (const file of files) {
      queue.push({ file: file, row: pendingRow(file) });
      total += 1;
    }
    showProgress();
    pump();
  }

  function pump() {
    while (active < CONCURRENCY && queue.length) send(queue.shift());
  }

  async function send(job) {
    active += 1;
    job.row.className = "upload-row status-processing";
    job.row.children[1].textContent = "Processing…";
    const body = new FormData();
    body.append("files", job.file);
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": token, "X-Upload-Row": "1" },
        credentials: "same-origin",
      });
      const html = (await response.text()).trim();
      if (!html) throw new Error("empty answer (" + response.status + ")");
      const holder = document.createElement("tbody");
      holder.innerHTML = html;
      const answer = holder.querySelector("tr");
      if (!answer) throw new Error("unexpected answer (" + response.status + ")");
      job.row.replaceWith(answer);
      remember();
    } catch (error) {
      failed(job, error);
    } finally {
      active -= 1;
      finished += 1;
      showProgress();
      pump();
    }
  }

  function failed(job, error) {
    job.row.className = "upload-row status-failed";
    job.row.children[1].textContent = "Not sent";
    const retry = document.createElement("button");
    retry.type = "button";
    retry.textContent = "Retry";
    retry.addEventListener("click", function () {
      finished -= 1;
      retry.remove();
      queue.push(job);
      showProgress();
      pump();
    });
    job.row.children[2].textContent = String(error.message || error) + " ";
    job.row.children[2].append(retry);
  }

  // The outcomes stay in the address (?done=r12.f7...), so a reload shows them again.
  function remember() {
    const refs = Array.from(rows.querySelectorAll("tr[data-ref]"), function (tr) {
      return tr.dataset.ref;
    }).slice(0, MAX_REFS);
    const url = new URL(form.action, window.location.href);
    if (refs.length) url.searchParams.set("done", refs.join("."));
    window.history.replaceState(null, "", url.pathname + url.search);
    kept.hidden = !refs.length;
  }

  function choose() {
    hint.hidden = true;
    if (input.files.length) enqueue(Array.from(input.files));
    input.value = "";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (input.files.length) return choose();
    if (rows.children.length) hint.hidden = false; // uploaded already: say so, keep results
    else input.click(); // nothing chosen yet: open the file chooser
  });
  input.addEventListener("change", choose);
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.remove("dragging");
    });
  });
  zone.addEventListener("drop", function (event) {
    const files = Array.from(event.dataTransfer.files || []);
    if (files.length) enqueue(files);
  });
})();
