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

  // Keyboard and screen readers: after an htmx swap the focus stays on the same item. Before
  // the request we note which item is swapped (its id) and which control had the focus (its
  // data-focus key, else its id, else its name); after the swap the new item gets the focus
  // on the control with the same key, else on its first control, else on the item itself. The
  // outcome is read from the #flashes region (role="status", aria-live="polite").
  var pending = null;

  function keyOf(element) {
    if (!element || !element.getAttribute) return null;
    var marked = element.closest("[data-focus]");
    if (marked) return { attr: "data-focus", value: marked.getAttribute("data-focus") };
    if (element.id) return { attr: "id", value: element.id };
    if (element.name) return { attr: "name", value: element.name };
    return null;
  }

  function swappedItem(detail) {
    var target = detail.target;
    return target && target.id ? target.id : null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var itemId = swappedItem(event.detail);
    var active = document.activeElement;
    var target = event.detail.target;
    // Only when the focus is inside what will be replaced (a filter outside keeps its focus).
    if (!itemId || !active || active === document.body || !target.contains(active)) {
      pending = null;
      return;
    }
    pending = { itemId: itemId, key: keyOf(active) };
  });

  var FOCUSABLE = "button:not([disabled]), a[href], input:not([type=hidden]):not([disabled]), select, textarea, [tabindex]";

  function restoreFocus() {
    if (!pending) return;
    var item = document.getElementById(pending.itemId);
    var key = pending.key;
    pending = null;
    if (!item) return;
    var found = null;
    if (key) {
      var selector = "[" + key.attr + "=\"" + (window.CSS && CSS.escape ? CSS.escape(key.value) : key.value) + "\"]";
      found = item.matches(selector) ? item : item.querySelector(selector);
    }
    if (!found && key) found = item.querySelector("[data-focus]");
    if (!found) found = item.querySelector(FOCUSABLE);
    if (!found) {
      if (!item.hasAttribute("tabindex")) item.setAttribute("tabindex", "-1");
      found = item;
    }
    found.focus({ preventScroll: false });
  }

  document.addEventListener("htmx:afterSettle", restoreFocus);

  // Things that last a few seconds only (the "Annuler" after a cancel): data-expires="10".
  function expireLater(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var items = scope.querySelectorAll("[data-expires]");
    Array.prototype.forEach.call(items, function (element) {
      var seconds = parseInt(element.getAttribute("data-expires"), 10) || 10;
      element.removeAttribute("data-expires");
      window.setTimeout(function () {
        if (!element.isConnected) return;
        var card = element.parentElement;
        var hadFocus = element.contains(document.activeElement);
        element.remove();
        if (hadFocus && card) {
          var next = card.querySelector(FOCUSABLE);
          if (next) next.focus();
        }
      }, seconds * 1000);
    });
  }
  document.addEventListener("htmx:afterSettle", function () { expireLater(document); });
  document.addEventListener("DOMContentLoaded", function () { expireLater(document); });

  // Shared ward workstation: the session ends after a short idle time. The countdown starts
  // again after every request (a page, an htmx action, "Je suis encore là"); at zero the page
  // ends the session itself, so nothing personal stays on screen.
  function sharedWorkstation() {
    var bar = document.getElementById("poste-partage");
    if (!bar) return;
    var idle = parseInt(bar.getAttribute("data-idle"), 10) || 120;
    var shown = bar.querySelector("[data-countdown]");
    var alert = bar.querySelector("[data-countdown-alert]");
    var form = bar.querySelector("[data-auto-logout]");
    var deadline = Date.now() + idle * 1000;
    var warned = false;
    function render(left) {
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      shown.textContent = minutes + "\u00a0min\u00a0" + (seconds < 10 ? "0" : "") + seconds;
    }
    function tick() {
      var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      render(left);
      if (left <= 30 && !warned) {
        warned = true;
        alert.textContent = "Il reste 30 secondes : touchez « Je suis encore là » pour rester connecté·e.";
      }
      if (left === 0) {
        window.clearInterval(timer);
        form.submit();
      }
    }
    document.addEventListener("htmx:afterRequest", function (event) {
      // The bell's background poll is not the person: it must not hold the session open
      // (the server does not count it either).
      var elt = event.detail && event.detail.elt;
      if (elt && elt.closest && elt.closest("[data-background-poll]")) return;
      deadline = Date.now() + idle * 1000;
      warned = false;
      alert.textContent = "";
      tick();
    });
    var timer = window.setInterval(tick, 1000);
    tick();
  }
  document.addEventListener("DOMContentLoaded", sharedWorkstation);

  // A tool's first-visit explanation: "J'ai compris" closes it for good on this device.
  function introSeen(key, value) {
    try {
      if (value) window.localStorage.setItem("atc-intro-" + key, "1");
      return window.localStorage.getItem("atc-intro-" + key) === "1";
    } catch (error) {
      return false;  // storage refused (private mode): the explanation simply stays
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-intro]"), function (box) {
      if (introSeen(box.getAttribute("data-intro"))) box.remove();
    });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-intro-close]");
    if (!button) return;
    var box = button.closest("[data-intro]");
    introSeen(box.getAttribute("data-intro"), true);
    box.remove();
    var main = document.getElementById("contenu");
    if (main) main.focus();
  });

  // Leaving a form with unsaved changes (a proposal's step) asks first: <form data-warn-unsaved>.
  var unsaved = null;
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-warn-unsaved")) unsaved = form;
  });
  document.addEventListener("submit", function (event) {
    if (event.target === unsaved) unsaved = null;  // saved by its own buttons
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!unsaved || !link || !document.contains(unsaved)) return;
    if (!window.confirm("Vos modifications de cette étape ne sont pas enregistrées. Quitter quand même ?")) {
      event.preventDefault();
      event.stopImmediatePropagation();
    } else {
      unsaved = null;
    }
  }, true);
  window.addEventListener("beforeunload", function (event) {
    if (unsaved && document.contains(unsaved)) event.preventDefault();
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

  // A refused registration comes back in place (htmx, 422): the password the person typed is
  // put back from this page's memory, never from the server, which does not echo it.
  var keptPassword = "";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-keep-password]")) return;
    var field = form.querySelector("input[type=password]");
    keptPassword = field ? field.value : "";
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var xhr = event.detail.xhr;
    if (keptPassword && xhr && xhr.status === 422) {
      var field = document.querySelector("form[data-keep-password] input[type=password]");
      if (field) field.value = keptPassword;
    }
    keptPassword = "";
  });
})();
