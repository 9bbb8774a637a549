// Loaded with `node -r` before EMQX's unmodified example (../emqx-examples/emqx-file-transfer.js): the only change
// is where it connects. MQTT.js's package exports are read-only getters, so the wrapper is returned by `require`.
//   FERRY_MQTT_URL                 broker URL replacing the example's 'mqtt://localhost:1883' (required)
//   FERRY_MQTT_PROTOCOL_VERSION    optional: 5 to connect with MQTT 5 (the example uses MQTT.js's default, 3.1.1)
// Prints the client id the example chose, so that the test can find the upload behind Ferry's API.
'use strict'
const Module = require('module')

const url = process.env.FERRY_MQTT_URL
if (!url) {
  throw new Error('FERRY_MQTT_URL is not set')
}
const protocolVersion = process.env.FERRY_MQTT_PROTOCOL_VERSION
const originalRequire = Module.prototype.require
let wrapped = null

Module.prototype.require = function (id) {
  const loaded = originalRequire.apply(this, arguments)
  if (id !== 'mqtt') {
    return loaded
  }
  if (wrapped === null) {
    wrapped = Object.assign({}, loaded, {
      connect (host, options) {
        const effective = Object.assign({}, options)
        if (protocolVersion) {
          effective.protocolVersion = Number(protocolVersion)
        }
        console.log(`ferry-preload: connecting to ${url} instead of ${host}, clientId=${effective.clientId},` +
          ` protocolVersion=${effective.protocolVersion || 'default'}`)
        const client = loaded.connect(url, effective)
        client.on('error', (error) => console.log(`ferry-preload: client error: ${error.message}`))
        client.on('disconnect', (packet) => console.log(`ferry-preload: DISCONNECT from server: reasonCode=` +
          `${packet.reasonCode} ${JSON.stringify(packet.properties || {})}`))
        client.on('close', () => console.log('ferry-preload: connection closed'))
        return client
      }
    })
  }
  return wrapped
}
