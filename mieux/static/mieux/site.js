/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // The language form submits itself when a language is picked; its button stays for no-JS use.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var form = select.form;
    var button = form && form.querySelector("button[type=submit]");
    if (button) { button.classList.add("js-hidden"); }
    select.addEventListener("change", function () { form.submit(); });
  });
})();
