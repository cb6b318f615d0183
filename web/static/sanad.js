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

  function init() {
    var buttons = document.querySelectorAll("button.copy[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function (e) { copy(e.currentTarget); });
    }
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
