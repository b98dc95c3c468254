/* The header's unread count, asked for after the page has loaded: pages cost no query for it
   (their query counts are guarded), and without JavaScript the link still leads to the list. */
(function () {
  "use strict";
  var badge = document.querySelector("[data-unread-url]");
  if (!badge || !window.fetch) { return; }
  fetch(badge.getAttribute("data-unread-url"), {
    credentials: "same-origin",
    headers: { Accept: "application/json" }
  })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.unread) { return; }
      // The badge look only now: an empty badge would show, whatever `hidden` says.
      badge.classList.add("badge");
      badge.textContent = String(data.unread);
      badge.setAttribute("aria-label", data.label);
      badge.hidden = false;
    })
    .catch(function () { /* no count is shown; the link still works */ });
})();
