/* Sanad: small niceties on top of pages that work without JavaScript.
 *   /        focus the search box
 *   n / p    next / previous marked passage in the reader (also j / k)
 *   copy buttons for citations and BibTeX
 *   the passage named in the address gets the class "is-target"
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

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(e.target)) {
      if (e.key === "Escape" && e.target.type === "search") e.target.blur();
      return;
    }
    if (e.key === "/") {
      var box = document.querySelector("[data-search-box]") || document.querySelector("input[type=search]");
      if (box) {
        e.preventDefault();
        box.focus();
        box.select();
      }
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
    if (navigator.clipboard && window.isSecureContext) {
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

  // "Cite this passage": the page carries no copy of each passage's citation; the link
  // opens the page with that one citation shown, or, with JavaScript, asks the API for it.
  function openCitation(link) {
    var strings = link.closest(".passages");
    var number = link.getAttribute("data-cite").split(":").pop();
    fetch("/api/passages/" + encodeURIComponent(link.getAttribute("data-cite")), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (rec) {
        var box = document.createElement("div");
        box.className = "cite-passage";
        box.id = "cite-p" + number;
        var area = document.createElement("textarea");
        area.readOnly = true;
        area.rows = 3;
        area.id = "c" + number;
        area.value = rec.citation;
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

  function init() {
    var buttons = document.querySelectorAll("button.copy[data-copy]");
    for (var i = 0; i < buttons.length; i++) enableCopy(buttons[i]);
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a[data-cite]");
      if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      openCitation(link);
    });
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
