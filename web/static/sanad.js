/* Sanad: small niceties on top of pages that work without JavaScript.
 *   / or Ctrl/⌘-K   focus the search box
 *   ↑ / ↓           move through the results
 *   n / p           next / previous marked passage in the reader (also j / k); "match 2 of 3"
 *   results as you type (the same page fetched, its results put in place) and completions
 *   copy buttons for citations and BibTeX; a passage's citation fetched when asked for
 *   the passage named in the address gets the class "is-target"; switching the interface
 *   language keeps it
 */
(function () {
  "use strict";

  var live;

  function announce(text) {
    if (!live) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 30);
  }

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function passageFromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    return el && el.classList.contains("passage") ? el : null;
  }

  function markTarget() {
    var old = document.querySelectorAll(".passage.is-target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("is-target");
    var el = passageFromHash();
    if (el) el.classList.add("is-target");
    var pos = document.querySelector("[data-match-pos]");
    if (pos) {
      var matches = Array.prototype.slice.call(document.querySelectorAll(".passage.match"));
      var i = el ? matches.indexOf(el) : -1;
      pos.textContent = i < 0 ? "" : "(" + pos.getAttribute("data-template").replace("{i}", String(i + 1)) + ")";
    }
  }

  function jump(direction) {
    var matches = document.querySelectorAll(".passage.match");
    if (!matches.length) return;
    var current = passageFromHash();
    var target = null;
    if (current && current.classList.contains("match")) {
      var link = current.querySelector(direction === "next" ? "[data-next-match]" : "[data-prev-match]");
      if (link) target = link.getAttribute("href");
    } else {
      var number = current ? Number(current.getAttribute("data-passage")) : 0;
      var list = Array.prototype.slice.call(matches);
      if (direction === "prev") list.reverse();
      for (var i = 0; i < list.length && !target; i++) {
        var n = Number(list[i].getAttribute("data-passage"));
        if (direction === "next" ? n > number : (number === 0 || n < number)) target = "#" + list[i].id;
      }
    }
    if (target) window.location.hash = target;
  }

  function searchBox() {
    return document.querySelector("[data-search-box]") || document.querySelector("input[type=search]");
  }

  function focusBox() {
    var box = searchBox();
    if (!box) return false;
    box.focus();
    box.select();
    return true;
  }

  // ↑ and ↓ from one result title to the next (the search box's own ↓ opens its completions).
  function stepResults(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-result] .result-title a"));
    if (!links.length) return false;
    var i = links.indexOf(document.activeElement);
    var next = links[Math.max(0, Math.min(links.length - 1, i < 0 ? (step > 0 ? 0 : links.length - 1) : i + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
    return true;
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented) return;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === "k" || e.key === "K")) {
      if (focusBox()) e.preventDefault();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(e.target)) {
      if (e.key === "Escape" && e.target.type === "search") e.target.blur();
      return;
    }
    if (e.key === "/") {
      if (focusBox()) e.preventDefault();
    } else if ((e.key === "ArrowDown" || e.key === "ArrowUp") && !e.shiftKey) {
      if (stepResults(e.key === "ArrowDown" ? 1 : -1)) e.preventDefault();
    } else if (e.key === "n" || e.key === "j") {
      jump("next");
    } else if (e.key === "p" || e.key === "k") {
      jump("prev");
    }
  });

  function textOf(el) {
    return el.tagName === "TEXTAREA" || el.tagName === "INPUT" ? el.value : el.textContent.trim();
  }

  function selectIn(el) {
    if (el.select) { el.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function feedback(button, text) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = text;
    button.classList.add("done");
    announce(text);
    window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("done");
    }, 1800);
  }

  function copy(button) {
    var el = document.getElementById(button.getAttribute("data-copy"));
    if (!el) return;
    var text = textOf(el);
    var done = function () { feedback(button, button.getAttribute("data-done")); };
    var fail = function () { selectIn(el); feedback(button, button.getAttribute("data-failed")); };
    // A citation goes on the clipboard as HTML too, so a word processor keeps the style's italics.
    var html = el.getAttribute("data-copy-html");
    if (html && navigator.clipboard && navigator.clipboard.write && window.ClipboardItem && window.isSecureContext) {
      navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" })
      })]).then(done, fail);
    } else if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fail);
    } else {
      selectIn(el);
      try {
        if (document.execCommand("copy")) done(); else fail();
      } catch (err) {
        fail();
      }
    }
  }

  function enableCopy(button) {
    button.hidden = false;
    button.addEventListener("click", function (e) { copy(e.currentTarget); });
  }

  // The passage's BibTeX / RIS / CSL-JSON links, as the page without script shows them.
  function exportLinks(parent, strings, number) {
    var href = strings.getAttribute("data-export-href");
    if (!href) return;
    var span = document.createElement("span");
    span.className = "exports";
    span.appendChild(document.createTextNode(strings.getAttribute("data-export-label") + " "));
    strings.getAttribute("data-export-formats").split(",").forEach(function (pair, i) {
      var parts = pair.split("=");
      var a = document.createElement("a");
      a.href = href + "&passage=" + number + "&format=" + parts[0];
      a.setAttribute("download", "");
      a.setAttribute("data-export", parts[0]);
      a.textContent = parts[1];
      if (i) span.appendChild(document.createTextNode(" · "));
      span.appendChild(a);
    });
    parent.appendChild(span);
    parent.appendChild(document.createTextNode(" "));
  }

  // "Cite this passage": the page carries no copy of each passage's citation; the link
  // opens the page with that one citation shown, or, with JavaScript, asks the API for it.
  function openCitation(link) {
    var strings = link.closest(".passages");
    var number = link.getAttribute("data-cite").split(":").pop();
    // In the page's citation style and interface language (web/templates/_cite.html).
    var query = strings.getAttribute("data-cite-query") || "";
    fetch("/api/passages/" + encodeURIComponent(link.getAttribute("data-cite")) + query,
          { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (rec) {
        var box = document.createElement("div");
        box.className = "cite-passage";
        box.id = "cite-p" + number;
        var area = document.createElement("textarea");
        area.readOnly = true;
        area.rows = 6;
        area.id = "c" + number;
        var two = rec.reference && rec.reference !== rec.citation;
        area.value = two ? rec.citation + "\n" + rec.reference : rec.citation;
        area.setAttribute("data-copy-html", two ? rec.citation_html + "<br>" + rec.reference_html : rec.citation_html);
        area.setAttribute("aria-label", link.textContent.trim());
        var links = document.createElement("span");
        links.className = "cite-links";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "copy";
        button.setAttribute("data-copy", area.id);
        button.setAttribute("data-done", strings.getAttribute("data-copy-done"));
        button.setAttribute("data-failed", strings.getAttribute("data-copy-failed"));
        button.textContent = strings.getAttribute("data-copy-label");
        var permalink = document.createElement("a");
        permalink.href = rec.permalink;
        permalink.textContent = strings.getAttribute("data-permalink-label");
        links.appendChild(button);
        links.appendChild(document.createTextNode(" "));
        exportLinks(links, strings, number);
        links.appendChild(permalink);
        box.appendChild(area);
        box.appendChild(links);
        link.parentNode.replaceChild(box, link);
        enableCopy(button);
        area.focus();
        area.select();
      })
      .catch(function () { window.location.href = link.href; });
  }

  // -- results as you type --------------------------------------------------------------
  // The page asks itself for the same address the form would submit and puts the new page's
  // content around the search box in place, leaving the box (focus, caret) alone.
  var liveSeq = 0;

  function keepOnly(parent, keep) {
    Array.prototype.slice.call(parent.childNodes).forEach(function (n) { if (n !== keep) parent.removeChild(n); });
  }

  function swapAround(oldTop, newTop, form) {
    var newForm = newTop.querySelector("form.search-form");
    keepOnly(oldTop, form);
    var before = true;
    Array.prototype.slice.call(newTop.childNodes).forEach(function (n) {
      if (n === newForm) { before = false; return; }
      var copy = document.importNode(n, true);
      if (before) oldTop.insertBefore(copy, form); else oldTop.appendChild(copy);
    });
  }

  function showLive(html, url, form) {
    var next = new DOMParser().parseFromString(html, "text/html");
    var main = document.getElementById("main");
    var newMain = next.getElementById("main");
    var top = form.closest(".search-top");
    var newTop = newMain && newMain.querySelector(".search-top");
    if (!main || !newMain || !top || !newTop) return;
    swapAround(top, newTop, form);
    keepOnly(main, top);
    Array.prototype.slice.call(newMain.childNodes).forEach(function (n) {
      if (n !== newTop) main.appendChild(document.importNode(n, true));
    });
    document.body.className = next.body.className;
    document.title = next.title;
    window.history.replaceState(null, "", url);
    var buttons = main.querySelectorAll("button.copy[data-copy]");
    for (var i = 0; i < buttons.length; i++) enableCopy(buttons[i]);
  }

  function liveSearch(form) {
    var params = new URLSearchParams(new FormData(form));
    if (!(params.get("q") || "").trim()) params = new URLSearchParams();
    var url = form.getAttribute("action") + (params.toString() ? "?" + params.toString() : "");
    var seq = ++liveSeq;
    fetch(url, { headers: { Accept: "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) { if (seq === liveSeq) showLive(html, url, form); })
      .catch(function () { /* the form still submits as usual */ });
  }

  // -- completions from the index's vocabulary and the glossary --------------------------------
  var completeSeq = 0;

  function complete(box, list) {
    var typed = box.value;
    var seq = ++completeSeq;
    if (typed.trim().length < 2) { list.textContent = ""; return; }
    fetch("/api/complete?limit=8&q=" + encodeURIComponent(typed), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (body) {
        if (seq !== completeSeq) return;
        list.textContent = "";
        body.completions.forEach(function (c) {
          var option = document.createElement("option");
          option.value = c.text;
          list.appendChild(option);
        });
      })
      .catch(function () { list.textContent = ""; });
  }

  function initTyping() {
    var box = document.querySelector("[data-search-box]");
    if (!box || !box.form) return;
    var list = document.createElement("datalist");
    list.id = box.id + "-completions";
    box.form.appendChild(list);
    box.setAttribute("list", list.id);
    var liveTimer, completeTimer, last = box.value.trim();
    box.addEventListener("input", function () {
      window.clearTimeout(completeTimer);
      completeTimer = window.setTimeout(function () { complete(box, list); }, 120);
      window.clearTimeout(liveTimer);
      liveTimer = window.setTimeout(function () {
        var now = box.value.trim();
        if (now === last) return;
        last = now;
        liveSearch(box.form);
      }, 250);
    });
  }

  // The address's #p21 never reaches the server: give it to the language switch's next=.
  function keepAnchor(e) {
    var link = e.target.closest && e.target.closest(".ui-lang a");
    if (!link || !window.location.hash) return;
    var url = new URL(link.href, window.location.href);
    var next = url.searchParams.get("next") || "/";
    url.searchParams.set("next", next.split("#")[0] + window.location.hash);
    link.href = url.pathname + url.search;
  }

  function init() {
    var buttons = document.querySelectorAll("button.copy[data-copy]");
    for (var i = 0; i < buttons.length; i++) enableCopy(buttons[i]);
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a[data-cite]");
      if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      openCitation(link);
    });
    document.addEventListener("click", keepAnchor, true);
    initTyping();
    document.documentElement.classList.add("js");
    markTarget();
  }

  window.addEventListener("hashchange", markTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
