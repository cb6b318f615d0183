// The admin upload page: sends the files to POST /api/admin/documents with the admin token
// (kept in sessionStorage, so only for this tab), then follows the rebuild it starts.
"use strict";

(function () {
  const KEY = "sanad-admin-token";
  const form = document.getElementById("upload-form");
  if (!form) return;
  const status = document.getElementById("upload-status");
  const token = document.getElementById("token");
  const msg = form.dataset;
  token.value = sessionStorage.getItem(KEY) || "";

  document.getElementById("forget-token").addEventListener("click", function () {
    sessionStorage.removeItem(KEY);
    token.value = "";
  });

  function line(text, cls) {
    const p = document.createElement("p");
    p.textContent = text;
    if (cls) p.className = cls;
    status.appendChild(p);
    return p;
  }

  function describe(doc) {
    const langs = Object.entries(doc.by_lang).map(([l, n]) => n + " " + l).join(", ");
    const pages = doc.pages ? ", " + doc.pages + " pages (" + doc.page_labels + ")" : "";
    const p = line(doc.id + ": " + doc.format.toUpperCase() + pages + "; " + doc.passages + " passages (" +
                   langs + ")", "upload-doc");
    p.dataset.doc = doc.id;
    if (doc.missing.length) line(msg.missing + ": " + doc.missing.join("; "), "upload-missing");
  }

  function headers() {
    return { Authorization: "Bearer " + token.value.trim() };
  }

  async function follow(docs) {
    const progress = line("", "upload-progress");
    for (;;) {
      const r = await fetch("/api/admin/reindex", { headers: headers() });
      const body = await r.json();
      if (!r.ok) { progress.textContent = body.error.message; return; }
      if (body.running && body.progress) {
        progress.textContent = msg.rebuilding.replace("{done}", body.progress.done)
                                             .replace("{total}", body.progress.total);
      } else if (!body.rebuilding && body.last) {
        if (body.last.ok) {
          progress.textContent = msg.done + " " + body.last.summary;
          progress.className = "upload-done";
          for (const doc of docs) {
            const a = document.createElement("a");
            a.href = "/doc/" + encodeURIComponent(doc.id);
            a.textContent = msg.open + " " + doc.id;
            const p = line("", "upload-link");
            p.appendChild(a);
          }
        } else {
          progress.textContent = msg.rebuildFailed + " " + body.last.error;
          progress.className = "upload-error";
        }
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    sessionStorage.setItem(KEY, token.value.trim());
    status.textContent = "";
    const data = new FormData(form);
    data.delete("token");
    const authors = String(data.get("authors") || "").split("\n").map((a) => a.trim()).filter(Boolean);
    data.delete("authors");
    for (const a of authors) data.append("author", a);
    const sending = line(msg.sending);
    try {
      const r = await fetch(form.action, { method: "POST", headers: headers(), body: data });
      const body = await r.json();
      sending.remove();
      if (!r.ok) {
        line(msg.failed + " " + body.error.message, "upload-error");
        return;
      }
      body.documents.forEach(describe);
      await follow(body.documents);
    } catch (e) {
      sending.remove();
      line(msg.failed + " " + e, "upload-error");
    }
  });
})();
