; Script-Fu refuses out-of-range arguments before the plug-in runs, with a
; message that names the allowed range; the image is unchanged.  An unknown
; choice name only gets a GLib CRITICAL from Script-Fu and the default runs:
; neither GIMP nor the plug-in can tell (documented in the README).
;
; The last call is left uncaught on purpose, so that Script-Fu prints its
; message and ends the batch with status 70.
; expect-exit: 70
; expect-message: in call to plug-in-kmeans-segment has value 100 out of range: 2 to 64

(define (check condition what)
  (if (not condition) (error (string-append "check failed: " what))))

(define image (car (gimp-image-new 8 8 RGB)))
(define layer (car (gimp-layer-new image "source" 8 8 RGBA-IMAGE 100 LAYER-MODE-NORMAL)))
(gimp-image-insert-layer image layer 0 0)
(gimp-drawable-fill layer FILL-WHITE)
(gimp-image-clean-all image)

(define (refused? . arguments)
  (eq? 'refused (catch 'refused (apply plug-in-kmeans-segment arguments))))

(check (refused? #:image image #:drawables (vector layer) #:n-segments 1) "n-segments 1")
(check (refused? #:image image #:drawables (vector layer) #:n-segments 65) "n-segments 65")
(check (refused? #:image image #:drawables (vector layer) #:max-iterations 0) "max-iterations 0")
(check (refused? #:image image #:drawables (vector layer) #:max-iterations 1001) "max-iterations 1001")
(check (refused? #:image image #:drawables (vector layer) #:restarts 0) "restarts 0")
(check (refused? #:image image #:drawables (vector layer) #:restarts 21) "restarts 21")
(check (refused? #:image image #:drawables (vector layer) #:alpha-threshold -0.5) "alpha-threshold -0.5")
(check (refused? #:image image #:drawables (vector layer) #:alpha-threshold 1.5) "alpha-threshold 1.5")
(check (refused? #:image image #:drawables (vector layer) #:min-region -1) "min-region -1")
(check (refused? #:image image #:drawables (vector layer) #:smoothing -1) "smoothing -1")
(check (refused? #:image image #:drawables (vector layer) #:smoothing 11) "smoothing 11")
(check (= 1 (vector-length (car (gimp-image-get-layers image)))) "a refused call added layers")
(check (= 0 (car (gimp-image-is-dirty image))) "a refused call pushed an undo step")
(gimp-message "ok - Script-Fu refuses n-segments 1 and 65, max-iterations 0 and 1001, restarts 0 and 21, alpha-threshold -0.5 and 1.5, min-region -1, smoothing -1 and 11; image unchanged")

(check (not (refused? #:image image #:drawables (vector layer) #:color-space "hsv"))
       "an unknown choice is refused: update the README")
(gimp-message "ok - Script-Fu runs an unknown color-space name with the default (GIMP's behaviour)")
(check (not (refused? #:image image #:drawables (vector layer) #:connectivity "5"))
       "an unknown connectivity is refused: update the README")
(gimp-message "ok - Script-Fu runs connectivity \"5\" with the default 4 (GIMP's behaviour for a choice)")

(plug-in-kmeans-segment #:image image #:drawables (vector layer) #:n-segments 100)
