// The coordination group, live: new messages arrive over a WebSocket; a browser that reconnects
// sends the last message id it saw and receives what it missed. Without a socket it asks the
// server every 15 seconds (?after=<id>). The page works without this file.
(() => {
  const list = document.getElementById("group-messages");
  if (!list) return;
  const state = document.getElementById("live-state");
  const csrf = document.querySelector("#compose input[name=csrfmiddlewaretoken]");
  let last = Number(list.dataset.last || 0);
  let socket = null;
  let delay = 1000;
  let pollTimer = null;

  function add(id, html) {
    const existing = document.getElementById("m" + id);
    const holder = document.createElement("ul");
    holder.innerHTML = html.trim();
    const item = holder.firstElementChild;
    if (!item) return;
    if (existing) {
      existing.replaceWith(item);
    } else {
      const empty = document.getElementById("no-messages");
      if (empty) empty.remove();
      list.appendChild(item);
    }
    if (id > last) last = id;
  }

  function markRead() {
    if (!csrf || document.hidden) return;
    const body = new FormData();
    body.append("up_to", String(last));
    body.append("csrfmiddlewaretoken", csrf.value);
    fetch(list.dataset.readUrl, { method: "POST", body, credentials: "same-origin" });
  }

  function poll() {
    fetch(list.dataset.afterUrl + "?after=" + last, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => {
        const holder = document.createElement("ul");
        holder.innerHTML = html;
        Array.from(holder.children).forEach((item) => add(Number(item.dataset.id), item.outerHTML));
      })
      .catch(() => {});
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + list.dataset.socket + "?after=" + last);
    socket.onopen = () => {
      delay = 1000;
      if (state) state.hidden = false;
      if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
    };
    socket.onmessage = (event) => {
      const data = JSON.parse(event.data);
      if (data.type === "message") {
        add(data.id, data.html);
        markRead();
      }
    };
    socket.onclose = () => {
      if (state) state.hidden = true;
      if (!pollTimer) pollTimer = setInterval(poll, 15000);
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  if ("WebSocket" in window) connect(); else pollTimer = setInterval(poll, 15000);
})();
