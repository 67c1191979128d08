// The web chat without reloads: a message is posted with fetch and the reply's HTML (rendered
// and escaped by the server) is added to the conversation; queued messages are polled.
// Without this script the forms post as usual and the server answers with the whole page.
(function () {
  "use strict";
  var root = document.querySelector("main.webchat");
  if (!root) {
    return;
  }
  document.documentElement.classList.add("js");
  var gesprek = document.getElementById("gesprek");
  var status = document.getElementById("status");
  var invoer = document.getElementById("invoer");
  var tekst = document.getElementById("tekst");
  var vraag = invoer.querySelector("input[name=vraag]");
  var bezig = false;

  function scrollDown() {
    var last = gesprek.lastElementChild;
    if (last) {
      last.scrollIntoView({ block: "end" });
    }
  }

  function append(html) {
    if (html) {
      gesprek.insertAdjacentHTML("beforeend", html);
      scrollDown();
    }
  }

  function userItem(text) {
    var li = document.createElement("li");
    li.className = "beurt gebruiker";
    var who = document.createElement("span");
    who.className = "wie";
    who.textContent = root.dataset.u;
    var p = document.createElement("p");
    p.textContent = text;
    li.appendChild(who);
    li.appendChild(p);
    gesprek.appendChild(li);
    scrollDown();
  }

  function closeChoices() {
    gesprek.querySelectorAll("form.keuzes").forEach(function (form) {
      form.remove();
    });
  }

  function send(body, shown) {
    if (bezig) {
      return;
    }
    bezig = true;
    status.textContent = root.dataset.bezig;
    userItem(shown);
    closeChoices();
    fetch(root.dataset.bericht, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        if (data.fout) {
          status.textContent = data.fout;
          return;
        }
        status.textContent = "";
        vraag.value = data.vraag;
        append(data.html);
      })
      .catch(function () {
        status.textContent = root.dataset.geenVerbinding;
      })
      .finally(function () {
        bezig = false;
        tekst.focus();
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!root.contains(form)) {
      return;
    }
    event.preventDefault();
    if (bezig) {
      return; // the reply to the previous message is still coming; nothing is lost
    }
    if (form === invoer) {
      var text = tekst.value;
      if (!text.trim()) {
        return;
      }
      tekst.value = "";
      send({ tekst: text, vraag: vraag.value }, text);
      return;
    }
    var button = event.submitter;
    if (!button) {
      return;
    }
    var hidden = form.querySelector("input[name=vraag]");
    var body = { vraag: hidden ? hidden.value : vraag.value };
    body[button.name] = button.value;
    send(body, button.textContent);
  });

  tekst.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      invoer.requestSubmit();
    }
  });

  function copied(button) {
    var label = button.textContent;
    button.textContent = button.dataset.gekopieerd;
    button.classList.add("gekopieerd");
    setTimeout(function () {
      button.textContent = label;
      button.classList.remove("gekopieerd");
    }, 1500);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.kopieer");
    if (!button) {
      return;
    }
    var value = button.dataset.waarde;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(
        function () {
          copied(button);
        },
        function () {
          status.textContent = button.dataset.kopieerNiet;
        }
      );
    } else {
      status.textContent = button.dataset.kopieerNiet;
    }
  });

  function poll() {
    fetch(root.dataset.nieuw, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { html: "" };
      })
      .then(function (data) {
        append(data.html);
        if (typeof data.vraag === "string") {
          vraag.value = data.vraag;
        }
      })
      .catch(function () {})
      .finally(function () {
        setTimeout(poll, Number(root.dataset.interval) || 2000);
      });
  }
  setTimeout(poll, Number(root.dataset.interval) || 2000);
  scrollDown();
})();
