// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions: <form data-confirm="...">.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Lists: submit the filter form when a select changes.
  document.querySelectorAll("form.filters select").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});

// Poll a status fragment (data-poll="url") every 2 s and swap it in until it stops asking.
function pollStatus(element) {
  window.setTimeout(async () => {
    try {
      const response = await fetch(element.dataset.poll, { headers: { "X-Requested-With": "fetch" } });
      if (!response.ok) return;
      const holder = document.createElement("div");
      holder.innerHTML = await response.text();
      const fresh = holder.firstElementChild;
      element.replaceWith(fresh);
      if (fresh.dataset.poll) pollStatus(fresh);
    } catch (error) {
      pollStatus(element);
    }
  }, 2000);
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-poll]").forEach(pollStatus);
});
