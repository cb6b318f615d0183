/* Sanad: a chosen citation style applies at once (the Apply button is for pages without
   script, and CSS hides it under html.js). Delegated, so results swapped in as you type work too. */
(function () {
  "use strict";
  if (window.sanadStylePicker) return;      // the script is loaded by each picker on a page
  window.sanadStylePicker = true;
  document.addEventListener("change", function (e) {
    var picker = e.target;
    if (picker && picker.matches && picker.matches("select[data-style-picker]")) picker.form.submit();
  });
})();
