// Live updates of the helpdesk console: the queue and a conversation's transcript are polled
// from the JSON API every few seconds. Text is set with textContent only, never as HTML.
"use strict";
(function () {
  var REDENEN = {
    persoon_gevraagd: "vroeg naar een persoon",
    drie_keer_geweigerd: "drie keer geweigerd",
    opnieuw_na_weigering: "opnieuw geweigerd"
  };
  // dd/mm/jjjj uu:mm in Brussels time, like the pages the server renders.
  var BRUSSEL = new Intl.DateTimeFormat("nl-BE", {
    timeZone: "Europe/Brussels", day: "2-digit", month: "2-digit", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23"
  });
  function tijd(iso) {
    if (!iso) { return "—"; }
    var p = {};
    BRUSSEL.formatToParts(new Date(iso)).forEach(function (d) { p[d.type] = d.value; });
    return p.day + "/" + p.month + "/" + p.year + " " + p.hour + ":" + p.minute;
  }
  function kbo(nummer) {
    return nummer.length === 10 ?
      nummer.slice(0, 4) + "." + nummer.slice(4, 7) + "." + nummer.slice(7) : nummer;
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
        if (g.onderneming) { link(o, "/onderneming/" + g.onderneming, kbo(g.onderneming)); }
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
      // Kept at the newest line, unless the agent scrolled up to read.
      var onderaan = lijst.scrollHeight - lijst.scrollTop - lijst.clientHeight < 40;
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
      if (onderaan) { lijst.scrollTop = lijst.scrollHeight; }
      var stap = document.getElementById("stap");
      if (stap) { stap.textContent = g.stap; }
    }).catch(function () {});
  }
  var tabel = document.getElementById("wachtrij");
  if (tabel) { setInterval(function () { wachtrij(tabel); }, 3000); }
  var lijst = document.getElementById("transcript");
  if (lijst) {
    lijst.scrollTop = lijst.scrollHeight;
    setInterval(function () { transcript(lijst); }, 3000);
  }
})();
