// Starts GraphiQL on the Réseau page. A served file rather than an inline
// script, so that the page's Content-Security-Policy can refuse every inline
// script.
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  // The headers editor (bottom panel, "Headers") sends its JSON with every
  // request: {"Authorization": "Bearer <token>"} to act as someone. Headers
  // are not kept in localStorage, so a token does not outlive the tab.
  var fetcher = GraphiQL.createFetcher({ url: root.dataset.endpoint });
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false
  }));
})();
