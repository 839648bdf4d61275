/* Product form: what she types is kept on the phone (localStorage) as she types, so that a form
   refused for its token, a lost connection or a closed tab loses nothing. Coming back to the
   form, she is asked "Lanjutkan draf yang belum tersimpan?" and restores or discards it. The
   draft is removed once the form is saved (the product list then says which form was saved).
   Photos are not in the draft: they are uploaded as she picks them. Without this script (or
   without localStorage) the form works as before. */
(function () {
  "use strict";
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("desbumi-probe", "1");
    storage.removeItem("desbumi-probe");
  } catch (err) {
    return; // private mode or storage turned off: nothing is kept
  }
  var MAX_AGE = 30 * 24 * 3600 * 1000; // a month-old draft is forgotten
  var L = document.documentElement.lang === "en" ? {
    question: "Continue the unsaved draft?",
    detail: "You typed this on this phone on",
    restore: "Continue the draft", discard: "Discard the draft",
    restored: "The draft is back in the form. Check it, then save.", discarded: "The draft was discarded."
  } : {
    question: "Lanjutkan draf yang belum tersimpan?",
    detail: "Anda mengetik isian ini di HP ini pada",
    restore: "Lanjutkan draf", discard: "Buang draf",
    restored: "Draf sudah dikembalikan ke formulir. Periksa, lalu simpan.", discarded: "Draf sudah dibuang."
  };

  function read(key) {
    try {
      var draft = JSON.parse(storage.getItem(key) || "null");
      if (draft && draft.fields && Date.now() - draft.at < MAX_AGE) return draft;
    } catch (err) { /* a damaged draft is dropped below */ }
    storage.removeItem(key);
    return null;
  }

  // ---- the product list after a save: that form's draft is no longer needed --------------------
  document.querySelectorAll("[data-draft-saved]").forEach(function (marker) {
    storage.removeItem(marker.dataset.draftSaved);
  });

  var form = document.getElementById("product-form");
  if (!form || !form.dataset.draftKey) return;
  var key = form.dataset.draftKey;

  // What the draft keeps: every field she fills in, and the form's record of the product as it
  // was (`seen`), so that a restored draft still meets the server's check for changes meanwhile.
  function kept(el) {
    if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken" || el.name === "action") return false;
    if (el.type === "file" || el.type === "submit" || el.type === "button") return false;
    if (el.name === "photo" || el.name === "hapus_foto" || el.name.indexOf("urutan_") === 0) return false;
    return el.type !== "hidden" || el.name === "seen";
  }
  function snapshot() {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (!(el.name in fields)) fields[el.name] = [];
        if (el.checked) fields[el.name].push(el.value);
      } else if (el.multiple) {
        fields[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        fields[el.name] = el.value;
      }
    });
    return fields;
  }
  function fill(fields) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el) || !(el.name in fields)) return;
      var value = fields[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = [].concat(value).indexOf(el.value) !== -1;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = [].concat(value).indexOf(o.value) !== -1; });
      } else {
        el.value = value;
      }
    });
    // the category shows its own fieldsets (product-form.js listens for this)
    var category = form.querySelector('select[name="category"]');
    if (category) category.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function same(a, b) {
    return Object.keys(a).every(function (name) {
      return name === "seen" || !(name in b) || JSON.stringify(a[name]) === JSON.stringify(b[name]);
    });
  }

  var asking = false;
  function save() {
    if (asking) return; // the old draft stays until she answers
    try {
      storage.setItem(key, JSON.stringify({ at: Date.now(), fields: snapshot() }));
    } catch (err) { /* the phone's storage is full: the form itself still works */ }
  }

  var draft = read(key);
  if (draft && !same(draft.fields, snapshot())) {
    asking = true;
    var box = document.createElement("div");
    box.className = "notice notice--warn draft-offer";
    box.setAttribute("role", "region");
    box.setAttribute("aria-labelledby", "draft-question");
    var question = document.createElement("p");
    question.id = "draft-question";
    var strong = document.createElement("strong");
    strong.textContent = L.question;
    question.appendChild(strong);
    box.appendChild(question);
    var detail = document.createElement("p");
    detail.textContent = L.detail + " " + new Date(draft.at).toLocaleString(document.documentElement.lang || "id",
      { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }) + ".";
    box.appendChild(detail);
    var actions = document.createElement("p");
    actions.className = "draft-offer__actions";
    [["restore", L.restore, "btn"], ["discard", L.discard, "btn btn--ghost"]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = b[2];
      button.dataset.draft = b[0];
      button.textContent = b[1];
      actions.appendChild(button);
    });
    box.appendChild(actions);
    form.parentNode.insertBefore(box, form);
    box.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-draft]");
      if (!button) return;
      if (button.dataset.draft === "restore") fill(draft.fields);
      else storage.removeItem(key);
      asking = false;
      box.textContent = "";
      var done = document.createElement("p");
      done.setAttribute("role", "status");
      done.textContent = button.dataset.draft === "restore" ? L.restored : L.discarded;
      box.appendChild(done);
      box.className = "notice draft-offer";
      if (button.dataset.draft === "restore") save();
      var first = form.querySelector('[name="name"]');
      if (first) first.focus();
    });
  }

  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
