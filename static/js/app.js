// Anime ton CHU — the one small script: behaviour as listeners (no inline JS, strict CSP).
(function () {
  "use strict";

  // Ask before anything destructive: <form data-confirm="Question ?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("hx-post")) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // htmx asks the same question for hx-post forms that carry data-confirm.
  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail.elt;
    var question = element && element.getAttribute && element.getAttribute("data-confirm");
    if (question) {
      event.preventDefault();
      if (window.confirm(question)) event.detail.issueRequest(true);
    }
  });

  // A network failure or server error on an htmx request: say so, keep the page as it is.
  function tell(message) {
    var flashes = document.getElementById("flashes");
    if (!flashes) return;
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.textContent = message;
    flashes.replaceChildren(p);
  }
  document.addEventListener("htmx:sendError", function () {
    tell("La connexion au serveur a échoué. Vérifiez le réseau puis réessayez : rien n'a été perdu.");
  });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 429) tell("Trop de demandes en peu de temps : patientez un instant.");
    else if (status === 403) tell("Vous n'avez pas le droit de faire cela.");
    else if (status >= 500) tell("Un incident est survenu. Réessayez dans un instant.");
  });

  // Select the whole invitation link on focus, to copy it easily.
  document.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("copy-field")) event.target.select();
  });
  // After a swap, focus goes where the answer says (data-focus-here: older notifications
  // loaded, a saved form's message), or to the first field refused (422).
  document.addEventListener("htmx:afterSettle", function (event) {
    var here = document.querySelector("[data-focus-here]");
    if (here) {
      here.removeAttribute("data-focus-here");
      here.focus();
      return;
    }
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status === 422) {
      var invalid = document.querySelector('[aria-invalid="true"]');
      if (invalid) invalid.focus();
    }
  });

  // Copy a link to the clipboard: <button data-copy="#field-id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    var done = function () {
      var status = document.getElementById(button.getAttribute("aria-describedby") || "");
      if (status) status.textContent = "Lien copié.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* selected: the person copies it */ }
    }
  });
})();
