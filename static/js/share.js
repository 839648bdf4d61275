// "Bagikan": the phone's share sheet where the browser has the Web Share API; the link (wa.me) otherwise.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.share");
  if (!link || !navigator.share) return;
  event.preventDefault();
  navigator.share({ title: link.dataset.shareTitle, url: link.dataset.shareUrl }).catch(function () {});
});
