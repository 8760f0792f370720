/** Runs in the customer's browser on the signup page; plain ES2017, no build step. */
export const SIGNUP_SCRIPT = `(() => {
  const cfg = JSON.parse(document.getElementById('onboarding-config').textContent);
  const button = document.getElementById('start');
  const status = document.getElementById('status');
  let session = null, code = null, sending = false, waiting = null;
  const finishing = (event) => event === 'FINISH' || event === 'FINISH_ONLY_WABA';
  // Times arrive as UTC text; each visitor reads them in their own time zone.
  const local = (at) => new Intl.DateTimeFormat(undefined, {
    weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
  }).format(new Date(at));
  for (const time of document.querySelectorAll('time[data-local]')) time.textContent = local(time.dateTime);
  // Text, with the support address as a mailto link wherever it appears.
  const fill = (element, text) => {
    element.textContent = '';
    const parts = cfg.supportEmail ? text.split(cfg.supportEmail) : [text];
    parts.forEach((part, i) => {
      if (i > 0) {
        const link = document.createElement('a');
        link.href = 'mailto:' + cfg.supportEmail;
        link.textContent = cfg.supportEmail;
        element.appendChild(link);
      }
      element.appendChild(document.createTextNode(part));
    });
  };
  const show = (answer) => {
    status.hidden = false;
    status.className = 'status ' + answer.tone;
    status.querySelector('h2').textContent = answer.title;
    fill(status.querySelector('p'), answer.detail + (answer.until ? ' This link works until ' + local(answer.until) + '.' : ''));
    // Once it worked, the page says only that: no button or steps are left to press.
    if (answer.done) {
      document.getElementById('signup').hidden = true;
      const footer = document.querySelector('footer');
      if (footer) footer.hidden = true;
    }
  };
  const report = async () => {
    if (sending || !session) return;
    if (finishing(session.event) && code === null) return;
    clearTimeout(waiting);
    sending = true;
    try {
      const response = await fetch(cfg.resultPath, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: session.event, data: session.data, code: code || undefined }),
      });
      const answer = await response.json();
      show(answer);
      if (answer.again) button.disabled = false;
    } catch (error) {
      show({ title: 'The result could not be sent', detail: 'Check your internet connection, then press the button to try again.', tone: 'bad' });
      button.disabled = false;
    }
  };
  window.addEventListener('message', (event) => {
    if (event.origin !== cfg.dialogOrigin) return;
    let message;
    try { message = typeof event.data === 'string' ? JSON.parse(event.data) : event.data; } catch (error) { return; }
    if (!message || message.type !== 'WA_EMBEDDED_SIGNUP') return;
    session = { event: String(message.event), data: message.data && typeof message.data === 'object' ? message.data : {} };
    if (finishing(session.event)) show({ title: 'Finishing the setup…', detail: 'Meta confirmed your WhatsApp Business Account; connecting it now.', tone: 'wait' });
    report();
  });
  window.fbAsyncInit = () => {
    FB.init({ appId: cfg.appId, autoLogAppEvents: true, xfbml: false, version: cfg.graphVersion });
    button.disabled = false;
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    clearTimeout(waiting);
    session = null; code = null; sending = false;
    show({ title: 'Signing up with Meta…', detail: 'Follow the steps in the Facebook window, and keep this page open.', tone: 'wait' });
    FB.login((response) => {
      code = (response && response.authResponse && response.authResponse.code) || '';
      if (!session && !code) {
        show({ title: 'The Facebook window was closed', detail: 'Nothing was set up. Press the button to start again.', tone: 'bad' });
        button.disabled = false;
        return;
      }
      if (!session) {
        // The login returned but Meta's message has not come: wait a little, then tell the customer and the team.
        waiting = setTimeout(() => {
          if (session) return;
          session = { event: 'INCOMPLETE', data: {} };
          code = '';
          report();
        }, cfg.sessionWaitMs);
        return;
      }
      report();
    }, {
      config_id: cfg.configId,
      response_type: 'code',
      override_default_response_type: true,
      extras: { setup: {}, sessionInfoVersion: '3', version: 'v4' },
    });
  });
})();`;
