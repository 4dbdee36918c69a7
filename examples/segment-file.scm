; segment-file.scm — Script-Fu: segment one image file and save it as XCF.
; Load it in GIMP 3's batch mode and call the function, e.g.
;   gimp-console-3 -i --quit --batch-interpreter=plug-in-script-fu-eval \
;     -b '(load "segment-file.scm")' -b '(kmeans-segment-file "IN.png" "OUT.xcf" 6)'
; It returns the number of segments made.  Written in Script-Fu's v3
; dialect (GIMP 3's recommended one): PDB calls return bare values.
(script-fu-use-v3)

(define (kmeans-segment-file in-path out-path n-segments)
  (let* ((image (gimp-file-load RUN-NONINTERACTIVE in-path))
         (layer (vector-ref (gimp-image-get-layers image) 0))
         (result (plug-in-kmeans-segment #:image image
                                         #:drawables (vector layer)
                                         #:n-segments n-segments
                                         #:color-space "lab"
                                         #:seed 1))
         (made (cadr result)))
    (gimp-xcf-save RUN-NONINTERACTIVE image out-path)
    (gimp-image-delete image)
    made))
