/* Sanad: a chosen citation style applies at once (the Apply button is for pages without script). */
(function () {
  "use strict";
  function init() {
    var pickers = document.querySelectorAll("select[data-style-picker]");
    for (var i = 0; i < pickers.length; i++) {
      var form = pickers[i].form;
      var apply = form.querySelector("[data-style-apply]");
      if (apply) apply.hidden = true;
      pickers[i].addEventListener("change", function (e) { e.currentTarget.form.submit(); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
