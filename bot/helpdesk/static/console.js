// Live updates of the helpdesk console: the queue and a conversation's transcript are polled
// from the JSON API every few seconds. Text is set with textContent only, never as HTML.
"use strict";
(function () {
  var REDENEN = {
    persoon_gevraagd: "vroeg naar een persoon",
    drie_keer_geweigerd: "drie keer geweigerd",
    opnieuw_na_weigering: "opnieuw geweigerd"
  };
  function tijd(iso) {
    if (!iso) { return "—"; }
    var d = new Date(iso);
    function twee(n) { return (n < 10 ? "0" : "") + n; }
    return twee(d.getDate()) + "/" + twee(d.getMonth() + 1) + "/" + d.getFullYear() + " " +
      twee(d.getHours()) + ":" + twee(d.getMinutes());
  }
  function cel(rij, tekst) {
    var td = document.createElement("td");
    td.textContent = tekst || "";
    rij.appendChild(td);
    return td;
  }
  function link(td, href, tekst) {
    td.textContent = "";
    var a = document.createElement("a");
    a.href = href;
    a.textContent = tekst;
    td.appendChild(a);
  }
  function wachtrij(tabel) {
    var q = "filter=" + encodeURIComponent(tabel.dataset.filter || "alle") +
      "&zoek=" + encodeURIComponent(tabel.dataset.zoek || "");
    fetch("/api/gesprekken?" + q, {credentials: "same-origin"}).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (lijst) {
      if (!lijst) { return; }
      var body = tabel.tBodies[0];
      body.textContent = "";
      lijst.forEach(function (g) {
        var rij = document.createElement("tr");
        if (g.wacht_op_mens) { rij.className = "wacht"; }
        cel(rij, g.kanaal);
        link(cel(rij, ""), "/gesprek/" + encodeURIComponent(g.kanaal) + "/" +
          encodeURIComponent(g.chat_id), g.chat_id);
        cel(rij, g.wacht_op_mens ? REDENEN[g.reden] || "" : "");
        cel(rij, g.stap);
        var o = cel(rij, "");
        if (g.onderneming) { link(o, "/onderneming/" + g.onderneming, g.onderneming); }
        cel(rij, g.overgenomen_door || "");
        cel(rij, tijd(g.laatste_bericht));
        body.appendChild(rij);
      });
      if (!lijst.length) {
        var leeg = document.createElement("tr");
        cel(leeg, "Geen gesprekken.").colSpan = 7;
        body.appendChild(leeg);
      }
    }).catch(function () {});
  }
  function transcript(lijst) {
    var url = "/api/gesprekken/" + encodeURIComponent(lijst.dataset.kanaal) + "/" +
      encodeURIComponent(lijst.dataset.chat);
    fetch(url, {credentials: "same-origin"}).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (g) {
      if (!g) { return; }
      lijst.textContent = "";
      g.transcript.forEach(function (r) {
        var li = document.createElement("li");
        li.className = r.van + (r.probleem ? " probleem" : "");
        var t = document.createElement("span"); t.className = "tijd"; t.textContent = tijd(r.tijd);
        var v = document.createElement("span"); v.className = "van";
        v.textContent = r.van + (r.medewerker ? " (" + r.medewerker + ")" : "");
        var s = document.createElement("span"); s.className = "stapje"; s.textContent = r.stap || "";
        var x = document.createElement("div"); x.className = "tekst"; x.textContent = r.tekst;
        li.appendChild(t); li.appendChild(document.createTextNode(" "));
        li.appendChild(v); li.appendChild(document.createTextNode(" "));
        li.appendChild(s); li.appendChild(x);
        lijst.appendChild(li);
      });
      var stap = document.getElementById("stap");
      if (stap) { stap.textContent = g.stap; }
    }).catch(function () {});
  }
  var tabel = document.getElementById("wachtrij");
  if (tabel) { setInterval(function () { wachtrij(tabel); }, 3000); }
  var lijst = document.getElementById("transcript");
  if (lijst) { setInterval(function () { transcript(lijst); }, 3000); }
})();
