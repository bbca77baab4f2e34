package io.egressallowlist.functions.alertingest;

/** A subscription payload with one alert record, decoded and parsed by the SnapStart priming. */
final class PrimingSample {

    static final String DATA = "H4sIAAAAAAACA12Ry27DIBBFfyVi2zg12H0ku6hNs6pUKdnVkUXsqYWKwQKcNLX87wXjRxrYzT13Zi40qAStaQH7SwVoNUOv6/06fd/sduvtBs1nSJ4FKCdgEsUPj0/PyxATJ3BZbJWsK6fdV4qVTBR9fWcU0NIJV3VdH3WmWGWYFG+MG1DaEp8jcvDezQmE6ZQGsdz1CJ3bMLunoaUbh5/C6VitT+DYJkFfTMGZcp4KWkJii8kwIrGNEkRPlHF6ZJyZS/orRc/UOgCqTYCpx8DtkY5jPTRNvoKc1IwG+4yepRyU8ZhWWcqGFuHCXTwplVRdj9jHSVBuR078klicDIZOGx1xNO/iSSM9vX/56FNWVXpVN1z7+k0gEpIowDjA8Z6QFY5WxC7XnbspZZ+kS0kz93/efOQy+4a8T8IKQU2tIGW5k/G/4s0/tPNhp66pFswD8GM347DIZGmhtkXtof0D5RKb2aICAAA=";

    private PrimingSample() {
    }
}
