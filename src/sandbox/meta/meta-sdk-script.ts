/**
 * The stand-in's sdk.js: window.FB with init and login. login opens the stand-in's dialog in a
 * popup on the dialog's own origin, as Meta's SDK opens www.facebook.com; the dialog posts
 * WA_EMBEDDED_SIGNUP to this window, then hands the code back for the login callback.
 */
export function sdkScript(dialogUrl: string): string {
  return `(() => {
  const dialogUrl = ${JSON.stringify(dialogUrl)};
  const dialogOrigin = new URL(dialogUrl).origin;
  let appId = null;
  const FB = {
    init(options) { appId = options && options.appId; },
    login(callback, options) {
      const query = new URLSearchParams({
        app_id: String(appId || ''),
        config_id: String((options && options.config_id) || ''),
        response_type: String((options && options.response_type) || ''),
        origin: window.location.origin,
      });
      const popup = window.open(dialogUrl + '?' + query, 'meta_embedded_signup', 'width=600,height=700');
      let done = false;
      const finish = (code) => {
        if (done) return;
        done = true;
        window.removeEventListener('message', onMessage);
        clearInterval(watch);
        callback(code ? { authResponse: { code }, status: 'connected' } : { authResponse: null, status: 'unknown' });
      };
      const onMessage = (event) => {
        if (event.origin !== dialogOrigin) return;
        let message;
        try { message = JSON.parse(event.data); } catch (error) { return; }
        if (message && message.type === 'standin_login_result') finish(message.code);
      };
      window.addEventListener('message', onMessage);
      const watch = setInterval(() => { if (!popup || popup.closed) setTimeout(() => finish(null), 200); }, 250);
    },
  };
  window.FB = FB;
  if (typeof window.fbAsyncInit === 'function') window.fbAsyncInit();
})();`;
}

/** The dialog: plays the outcome given, or lets a person pick one (the sandbox). */
export function dialogPage(nonce: string, ready: unknown, openerOrigin: string): string {
  const json = JSON.stringify({ ready, openerOrigin }).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Meta Embedded Signup (sandbox stand-in)</title></head>
<body style="font-family:system-ui,sans-serif;margin:2rem">
<h1>Meta Embedded Signup — sandbox stand-in</h1>
<p>Meta's real dialog signs the business in, creates or picks its WhatsApp Business Account and verifies the number. Here, pick the outcome.</p>
<p><label>Phone number <input id="phone" value="+15005550001"></label></p>
<p><button id="finish">Finish</button> <button id="finish-waba">Finish without a number</button> <button id="cancel">Cancel</button> <button id="error">Error</button></p>
<script type="application/json" id="standin">${json}</script>
<script nonce="${nonce}">(() => {
  const { ready, openerOrigin } = JSON.parse(document.getElementById('standin').textContent);
  const tell = (outcome) => {
    if (outcome.event) window.opener.postMessage(JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event: outcome.event, data: outcome.data, version: '3' }), openerOrigin);
    window.opener.postMessage(JSON.stringify({ type: 'standin_login_result', code: outcome.code || null }), openerOrigin);
    setTimeout(() => window.close(), 50);
  };
  const play = async (choice) => {
    const response = await fetch('/dialog/outcome', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(choice) });
    tell(await response.json());
  };
  if (ready) return void tell(ready);
  document.getElementById('finish').onclick = () => play({ kind: 'FINISH', phoneNumber: document.getElementById('phone').value });
  document.getElementById('finish-waba').onclick = () => play({ kind: 'FINISH_ONLY_WABA' });
  document.getElementById('cancel').onclick = () => play({ kind: 'CANCEL', step: 'PHONE_NUMBER_SETUP' });
  document.getElementById('error').onclick = () => play({ kind: 'ERROR', message: 'The business could not be verified (sandbox)' });
})();</script></body></html>`;
}
