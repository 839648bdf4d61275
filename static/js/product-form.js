/* Product form: photos downscaled in the phone before upload, uploaded one by one with a
   progress bar, reordered and removed without a page load; category-specific fieldsets.
   Without this script the plain form does the same job on the server. */
(function () {
  "use strict";
  var form = document.getElementById("product-form");
  if (!form) return;
  var MAX_SIDE = 1600;
  var QUALITY = 0.85;
  var list = document.getElementById("photo-list");
  var input = form.querySelector('input[type="file"][name="photos"]');
  var statusBox = document.getElementById("upload-status");
  var progress = document.getElementById("upload-progress");
  var statusText = document.getElementById("upload-text");
  var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
  var maxPhotos = parseInt(form.dataset.maxPhotos, 10) || 8;
  var pending = 0;
  var L = document.documentElement.lang === "en" ? {
    sending: "Sending photo", of: "of", done: "Photos sent.", wait: "Please wait, photos are still being sent…",
    failed: "Photo could not be sent. Check your connection and try again.", tooMany: "At most " + maxPhotos + " photos.",
    photo: "Photo", order: "Order", remove: "Remove", left: "Move left", right: "Move right"
  } : {
    sending: "Mengirim foto", of: "dari", done: "Foto terkirim.", wait: "Tunggu sebentar, foto masih dikirim…",
    failed: "Foto gagal dikirim. Periksa sinyal lalu coba lagi.", tooMany: "Paling banyak " + maxPhotos + " foto.",
    photo: "Foto", order: "Urutan", remove: "Hapus", left: "Geser ke kiri", right: "Geser ke kanan"
  };

  document.documentElement.classList.add("js");

  // ---- category-specific fieldsets -------------------------------------------------------
  var kinds = JSON.parse(document.getElementById("category-kinds").textContent);
  var category = form.querySelector('select[name="category"]');
  function showKindFields() {
    var kind = kinds[category.value] || "";
    form.querySelectorAll("fieldset[data-kinds]").forEach(function (fs) {
      fs.hidden = fs.dataset.kinds.split(" ").indexOf(kind) === -1;
    });
  }
  if (category) { category.addEventListener("change", showKindFields); showKindFields(); }

  // ---- photo list: order and removal --------------------------------------------------------
  function renumber() {
    list.querySelectorAll("li.photo").forEach(function (li, i) {
      li.querySelector('input[name^="urutan_"]').value = i + 1;
      li.querySelector("img").alt = L.photo + " " + (i + 1);
    });
  }
  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button) return;
    var li = button.closest("li.photo");
    if (button.dataset.move === "-1" && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
    if (button.dataset.move === "1" && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
    renumber();
    button.focus();
  });
  list.addEventListener("change", function (event) {
    if (event.target.name === "hapus_foto") event.target.closest("li.photo").classList.toggle("photo--removed", event.target.checked);
  });

  function addTile(id, thumb) {
    var li = document.createElement("li");
    li.className = "photo";
    li.dataset.photoId = id;
    var img = document.createElement("img");
    img.src = thumb; img.width = 96; img.height = 96;
    li.appendChild(img);
    var hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = "photo"; hidden.value = id;
    li.appendChild(hidden);
    var order = document.createElement("label");
    order.className = "photo__order";
    order.textContent = L.order + " ";
    var orderInput = document.createElement("input");
    orderInput.type = "number"; orderInput.name = "urutan_" + id; orderInput.min = 1; orderInput.max = 99;
    order.appendChild(orderInput);
    li.appendChild(order);
    var move = document.createElement("span");
    move.className = "photo__move";
    [["-1", "‹", L.left], ["1", "›", L.right]].forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button"; btn.className = "btn btn--ghost"; btn.dataset.move = b[0];
      btn.textContent = b[1]; btn.setAttribute("aria-label", b[2]);
      move.appendChild(btn);
    });
    li.appendChild(move);
    var remove = document.createElement("label");
    remove.className = "photo__remove";
    var box = document.createElement("input");
    box.type = "checkbox"; box.name = "hapus_foto"; box.value = id;
    remove.appendChild(box);
    remove.appendChild(document.createTextNode(" " + L.remove));
    li.appendChild(remove);
    list.appendChild(li);
    renumber();
  }

  // ---- downscale in the browser ------------------------------------------------------------
  function downscale(file) {
    if (!window.createImageBitmap || !HTMLCanvasElement.prototype.toBlob) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      var context = canvas.getContext("2d");
      // JPEG has no transparency: a PNG from a "hapus latar" app would turn black. Flatten it onto
      // white first, as the server does (core/images.py).
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          // Keep the original when re-encoding would not help (a small photo already).
          resolve(blob && blob.size < file.size ? blob : file);
        }, "image/jpeg", QUALITY);
      });
    }).catch(function () { return file; }); // the server still checks and re-encodes it
  }

  function upload(blob, name, index, total) {
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrf);
      data.append("photo", blob, name.replace(/\.[^.]*$/, "") + ".jpg");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.dataset.uploadUrl);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) progress.value = Math.round(((index + e.loaded / e.total) / total) * 100);
      };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
        if (xhr.status === 200 && body.id) { addTile(body.id, body.thumb); resolve(null); }
        else resolve(name + ": " + (body.error || L.failed));
      };
      xhr.onerror = function () { resolve(name + ": " + L.failed); };
      xhr.send(data);
    });
  }

  function showErrors(errors) {
    var field = input.closest(".field");
    var old = field.querySelector(".errorlist.js-errors");
    if (old) old.remove();
    field.classList.toggle("field--error", errors.length > 0);
    if (!errors.length) return;
    var ul = document.createElement("ul");
    ul.className = "errorlist js-errors";
    ul.setAttribute("role", "alert");
    errors.forEach(function (msg) { var li = document.createElement("li"); li.textContent = msg; ul.appendChild(li); });
    field.appendChild(ul);
  }

  input.addEventListener("change", function () {
    var files = Array.prototype.slice.call(input.files);
    if (!files.length) return;
    var room = maxPhotos - list.querySelectorAll("li.photo").length;
    var errors = files.length > room ? [L.tooMany] : [];
    files = files.slice(0, Math.max(room, 0));
    statusBox.hidden = false;
    progress.value = 0;
    pending += 1;
    var chain = Promise.resolve();
    files.forEach(function (file, i) {
      chain = chain.then(function () {
        statusText.textContent = L.sending + " " + (i + 1) + " " + L.of + " " + files.length + "…";
        return downscale(file).then(function (blob) { return upload(blob, file.name, i, files.length); })
          .then(function (error) { if (error) errors.push(error); });
      });
    });
    chain.then(function () {
      pending -= 1;
      progress.value = 100;
      statusText.textContent = errors.length ? "" : L.done;
      showErrors(errors);
      input.value = ""; // already uploaded: the form itself stays small
    });
  });

  form.addEventListener("submit", function (event) {
    if (pending > 0) {
      event.preventDefault();
      statusText.textContent = L.wait;
    }
  });
})();
