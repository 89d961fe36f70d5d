// textmine review: a small front end. Every write sends the CSRF token and the codebook version the page was
// rendered from; text from the server is put in the page with textContent only (never innerHTML).
(function () {
  "use strict";
  var meta = function (n) { var m = document.querySelector('meta[name="' + n + '"]'); return m ? m.content : ""; };
  var csrf = meta("csrf"), version = meta("version");
  var $ = function (s, root) { return (root || document).querySelector(s); };
  var $$ = function (s, root) { return Array.prototype.slice.call((root || document).querySelectorAll(s)); };

  function say(text, bad) {
    var box = $("#message");
    box.textContent = text;
    box.className = bad ? "bad" : "ok";
    box.hidden = false;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { var e = new Error(data.error || ("HTTP " + r.status)); e.status = r.status; throw e; }
        if (data.version) { version = data.version; var v = $("#cb-version"); if (v) { v.textContent = version; } }
        return data;
      });
    });
  }

  function fail(e) { say((e.status === 409 ? "Not saved: " : "Error: ") + e.message, true); }

  function edit(url, body, done) {
    body.version = version;
    return post(url, body).then(function (data) {
      if (done) { done(data); } else { location.reload(); }
    }).catch(fail);
  }

  function on(sel, ev, fn) { var el = $(sel); if (el) { el.addEventListener(ev, fn); } }

  on("#undo", "click", function () {
    post("/api/undo", {}).then(function (d) { say("Undid " + d.undone.op); location.reload(); }).catch(fail);
  });

  // -- themes page -------------------------------------------------------------------------------------
  var pane = $("#answers-pane"), theme = pane ? pane.dataset.theme : null;
  var base = theme ? "/api/themes/" + encodeURIComponent(theme) : "";
  on("#rename-form", "submit", function (e) {
    e.preventDefault();
    edit(base + "/rename", {name: $("#rename-name").value});
  });
  on("#move-form", "submit", function (e) {
    e.preventDefault();
    edit(base + "/move", {parent: $("#move-parent").value});
  });
  on("#owner-form", "submit", function (e) {
    e.preventDefault();
    edit(base + "/owner", {owner: $("#owner").value, horizon: $("#horizon").value});
  });
  on("#delete", "click", function () {
    if (confirm("Delete theme " + theme + "? Its id is never reused.")) {
      edit(base + "/delete", {}, function () { location.href = "/"; });
    }
  });
  on("#split-preview", "click", function () {
    var list = $("#preview");
    list.textContent = "computing…";
    list.hidden = false;
    post(base + "/split/preview", {k: parseInt($("#split-k").value, 10)}).then(function (d) {
      list.textContent = "";
      d.preview.forEach(function (t) {
        var li = document.createElement("li");
        li.textContent = t.name + " (n=" + t.n + "): " + t.keywords.join(" ");
        t.examples.forEach(function (x) {
          var q = document.createElement("q"); q.textContent = x; li.appendChild(document.createTextNode(" ")); li.appendChild(q);
        });
        list.appendChild(li);
      });
    }).catch(function (e) { list.hidden = true; fail(e); });
  });
  on("#split-form", "submit", function (e) {
    e.preventDefault();
    edit(base + "/split", {k: parseInt($("#split-k").value, 10)}, function () { location.href = "/"; });
  });
  on("#merge-form", "submit", function (e) {
    e.preventDefault();
    var ids = $$(".pick:checked").map(function (c) { return c.value; });
    if (ids.length < 2) { say("Tick two or more themes to merge (the first is kept).", true); return; }
    var body = {themes: ids}, name = $("#merge-name").value.trim();
    if (name) { body.name = name; }
    edit("/api/merge", body, function () { location.href = "/?theme=" + encodeURIComponent(ids[0]); });
  });
  on("#add-form", "submit", function (e) {
    e.preventDefault();
    var seeds = $("#add-seeds").value.split(/[;；]/).map(function (s) { return s.trim(); }).filter(Boolean);
    edit("/api/themes", {name: $("#add-name").value, seeds: seeds, parent: $("#add-parent").value});
  });

  // -- labelling page ----------------------------------------------------------------------------------
  var items = $$("#queue .item");
  function current() { return $("#queue .item.current"); }
  function go(step) {
    var i = items.indexOf(current()), next = items[Math.min(Math.max(i + step, 0), items.length - 1)];
    if (!next) { return; }
    if (current()) { current().classList.remove("current"); }
    next.classList.add("current");
    next.focus();
    next.scrollIntoView({block: "nearest"});
  }
  function addChip(item, id, pol) {
    var label = document.createElement("label"), box = document.createElement("input");
    label.className = "chip";
    box.type = "checkbox"; box.checked = true; box.value = id;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + id + " "));
    var s = document.createElement("select");
    s.className = "pol";
    ["", "positive", "neutral", "negative"].forEach(function (p) {
      var o = document.createElement("option"); o.value = p; o.textContent = p || "—"; s.appendChild(o);
    });
    s.value = pol || "";
    label.appendChild(s);
    $(".chips", item).appendChild(label);
  }
  function save(item, reject) {
    var labels = reject ? [] : $$(".chip", item).filter(function (c) { return $("input", c).checked; })
      .map(function (c) { return {theme: $("input", c).value, polarity: $(".pol", c).value}; });
    return post("/api/labels", {respondent_id: item.dataset.rid, labels: labels}).then(function (d) {
      $(".status", item).textContent = reject ? "rejected ✓" : "saved ✓";
      item.classList.add("done");
      $("#n-labelled").textContent = d.n_labelled;
      if (item === current()) { go(1); }
    }).catch(fail);
  }
  items.forEach(function (item) {
    $(".accept", item).addEventListener("click", function () { save(item, false); });
    $(".reject", item).addEventListener("click", function () { save(item, true); });
    $(".add-theme", item).addEventListener("change", function (e) {
      if (e.target.value) { addChip(item, e.target.value, ""); e.target.value = ""; }
    });
    item.addEventListener("click", function () {
      if (current() !== item) { if (current()) { current().classList.remove("current"); } item.classList.add("current"); }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (!items.length || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") { return; }
    var item = current();
    if (!item) { return; }
    var chips = $$(".chip", item);
    if (e.key === "j") { go(1); } else if (e.key === "k") { go(-1); } else if (e.key === "a") { save(item, false); }
    else if (e.key === "x") { save(item, true); } else if (/^[1-9]$/.test(e.key) && chips[+e.key - 1]) {
      var box = $("input", chips[+e.key - 1]); box.checked = !box.checked;
    } else if (e.key === "+" || e.key === "-" || e.key === "0") {
      var pol = {"+": "positive", "-": "negative", "0": "neutral"}[e.key];
      chips.forEach(function (c) { if ($("input", c).checked) { $(".pol", c).value = pol; } });
    } else { return; }
    e.preventDefault();
  });
  on("#train", "click", function () {
    var btn = $("#train");
    btn.disabled = true;
    say("Training…", false);
    post("/api/train", {}).then(function (d) {
      $("#train-message").textContent = d.message + " (" + d.n_train + " answers trained on, " + d.n_holdout + " held out" +
        (d.n_holdout < 50 ? ": too few held-out answers for F1 differences to mean much — label more" : "") + ")";
      var body = $("#comparison tbody");
      body.textContent = "";
      var fmt = function (v) { return v === null || v === undefined ? "–" : v.toFixed(3); };
      d.comparison.forEach(function (r) {
        var tr = document.createElement("tr");
        [r.label, r.name, String(r.support), fmt(r.f1_base), fmt(r.f1_new), fmt(r.delta)].forEach(function (v, i) {
          var td = document.createElement("td"); td.textContent = v; if (i > 1) { td.className = "num"; } tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      $("#train-result").hidden = false;
      say("Trained " + d.model_version, false);
    }).catch(fail).then(function () { btn.disabled = false; });
  });
})();
