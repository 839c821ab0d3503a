// prefs.js - a classic (blocking) script loaded in <head> of every page so
// that the stored language and the large-text/high-contrast choice apply
// before the first paint. The modules (i18n.js, shell.js) own these settings;
// this only reads them. Keys must match i18n.js LANG_KEY and shell.js
// CONTRAST_KEY.
(function () {
  var root = document.documentElement;
  try {
    var lang = window.localStorage.getItem('onestop.lang');
    if (lang === 'en') {
      root.lang = 'en';
      // the static text is Chinese: hide it until shell.js has translated it
      root.classList.add('i18n-pending');
    }
    if (window.localStorage.getItem('onestop.contrast') === 'on') root.classList.add('hc');
  } catch (e) {
    /* storage disabled: defaults apply */
  }
})();
