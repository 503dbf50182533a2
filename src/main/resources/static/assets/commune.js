// Commune's only script. Pages work without it; it adds what browsers allow only from scripts:
// passkeys (WebAuthn), and a notice while a secret ballot waits for its batch. It talks to Spring Security's WebAuthn endpoints with the page's CSRF token.
(function () {
  'use strict';
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || '';

  async function postJson(url, body) {
    const headers = { 'X-CSRF-TOKEN': csrf() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();
  }

  const supported = window.PublicKeyCredential
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function';

  function setUpRegistration(box) {
    if (!supported) return;
    box.hidden = false;
    box.querySelector('[data-passkey-register-button]').addEventListener('click', async () => {
      const error = box.querySelector('[data-passkey-error]');
      error.hidden = true;
      try {
        const options = await postJson('/webauthn/register/options');
        const credential = await navigator.credentials.create({
          publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)
        });
        const label = box.querySelector('#passkey-label').value.trim() || 'passkey';
        await postJson('/webauthn/register', { publicKey: { credential: credential.toJSON(), label: label } });
        window.location.reload();
      } catch (e) {
        error.hidden = false;
      }
    });
  }

  function setUpSignIn(box) {
    if (!supported) return;
    box.hidden = false;
    box.querySelector('[data-passkey-signin-button]').addEventListener('click', async () => {
      const error = box.querySelector('[data-passkey-error]');
      error.hidden = true;
      try {
        const options = await postJson('/webauthn/authenticate/options');
        const credential = await navigator.credentials.get({
          publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)
        });
        const result = await postJson('/login/webauthn', credential.toJSON());
        window.location.href = result.redirectUrl || '/me';
      } catch (e) {
        error.hidden = false;
      }
    });
  }

  // A secret ballot waits until it is written together with others (up to the batch wait): say so
  // while it waits, and keep a second click from sending it twice.
  function setUpSealing(form) {
    const message = form.dataset.sealing;
    if (!message) return;
    form.addEventListener('submit', () => {
      form.querySelectorAll('button[type="submit"]').forEach((button) => { button.disabled = true; });
      const status = document.createElement('p');
      status.className = 'notice';
      status.setAttribute('role', 'status');
      status.textContent = message;
      form.append(status);
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('[data-passkey-register]').forEach(setUpRegistration);
    document.querySelectorAll('[data-passkey-signin]').forEach(setUpSignIn);
    document.querySelectorAll('form[data-sealing]').forEach(setUpSealing);
  });
})();
