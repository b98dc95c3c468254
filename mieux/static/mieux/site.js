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
  // Header menus (<details data-menu>) work without this; with it, one is open at a time and a
  // click elsewhere or Escape closes them, as menus do.
  var menus = document.querySelectorAll("details[data-menu]");
  function closeMenus(except) {
    menus.forEach(function (menu) { if (menu !== except) { menu.removeAttribute("open"); } });
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () { if (menu.open) { closeMenus(menu); } });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("details[data-menu]")) { closeMenus(null); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector("details[data-menu][open]");
    if (open) { closeMenus(null); open.querySelector("summary").focus(); }
  });
})();
