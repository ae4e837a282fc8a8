// Runs before the bundle: records CSP violations, Trusted Types policies created and
// uncaught errors, and proves Trusted Types are enforced on this page.
(function () {
  var probe = { violations: [], policies: [], errors: [], fetched: [], enforced: false };
  window.__cspProbe = probe;
  document.addEventListener('securitypolicyviolation', function (e) {
    probe.violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  window.addEventListener('error', function (e) {
    probe.errors.push(String(e.message));
  });
  window.addEventListener('unhandledrejection', function (e) {
    probe.errors.push(String(e.reason && e.reason.message ? e.reason.message : e.reason));
  });
  // Requests made with fetch, as resolved URLs: WebKit leaves a fetch whose body the reader
  // cancelled (the widget stops reading at the protocol's end) out of Resource Timing.
  var fetchNative = window.fetch;
  window.fetch = function (input, init) {
    probe.fetched.push(new URL(input instanceof Request ? input.url : String(input), location.href).href);
    return fetchNative.call(this, input, init);
  };
  var factory = window.trustedTypes;
  if (factory) {
    var create = factory.createPolicy.bind(factory);
    factory.createPolicy = function (name, rules) {
      probe.policies.push(name);
      return create(name, rules);
    };
  }
  // A string into an HTML sink must throw here (and report one violation, sample "csp-probe").
  try {
    document.createElement('div').innerHTML = 'csp-probe';
  } catch (error) {
    probe.enforced = error instanceof TypeError;
  }
})();
